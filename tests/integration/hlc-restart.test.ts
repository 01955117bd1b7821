// A restarted workspace's clock goes on from the last timestamp it stored: a machine clock set back
// between runs must not stamp a new edit before an older one, or the newer edit loses a merge.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'

const HOUR = 3_600_000
const dataDir = mkdtempSync(join(tmpdir(), 'rapport-hlc-'))

function openCore(): Core {
  return new Core({ dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
}

function storedHlc(core: Core, contactId: string): string {
  return core.workspace.db.prepare('SELECT hlc FROM contacts WHERE id = ?').pluck().get(contactId) as string
}

afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the workspace clock across restarts', () => {
  it('stamps an edit made after a restart with the machine clock set back an hour after the stored one', async () => {
    const first = openCore()
    const contact = await coreCaller(first)('contacts.create', {
      displayName: 'Sari Dewi',
      company: 'PT Lama'
    })
    const before = storedHlc(first, contact.id)
    first.close()

    const realNow = Date.now.bind(Date)
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - HOUR)
    const second = openCore()
    try {
      await coreCaller(second)('contacts.update', { contactId: contact.id, company: 'PT Baru' })
      const after = storedHlc(second, contact.id)
      // Merging keeps the hlc that sorts last: the edit made last must be it.
      expect([after, before].sort()).toEqual([before, after])
    } finally {
      second.close()
    }
  })
})
