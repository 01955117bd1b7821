// A first import over several folders shows the whole account's progress next to the folder's:
// "All folders: 420 / 2,000 (folder 1 of 6)". The total is known before the first folder starts
// (from each folder's STATUS), so it neither grows nor jumps as folders start, and a resumed
// import (after a restart) counts the mail stored before it, as a folder's own figure does.
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { SyncProgress } from '../../src-preload/contract'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { generateCorpus } from '../support/corpus'
import { appendMessages, type MailUser } from '../support/dovecot'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'

const { server, seededUser, accountOf } = useSeededAccounts()

const INBOX = 120
const ARCHIVE = 80
const SENT = 30

/** A user with mail in three of the six folders synced by default. */
async function threeFolderUser(name: string): Promise<MailUser> {
  const { user } = await seededUser(name, INBOX)
  for (const [folder, count, seed] of [
    ['Archive', ARCHIVE, 5],
    ['Sent', SENT, 9]
  ] as const) {
    const corpus = await generateCorpus({
      seed: name.length + seed,
      count,
      selfAddress: `${name}@example.test`
    })
    await appendMessages(
      server(),
      user.user,
      user.password,
      folder,
      corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
    )
  }
  return user
}

function overallOf(
  core: Core,
  during: () => Promise<unknown>
): Promise<Array<NonNullable<SyncProgress['overall']>>> {
  const seen: Array<NonNullable<SyncProgress['overall']>> = []
  const stop = core.events.subscribe((name, payload) => {
    const overall = (payload as SyncProgress).overall
    if (name === 'sync.progress' && overall) seen.push(overall)
  })
  return during()
    .then(() => seen)
    .finally(stop)
}

function expectSteady(seen: Array<NonNullable<SyncProgress['overall']>>, total: number) {
  expect(seen.length).toBeGreaterThan(0)
  // The same total from the first event to the last: no folder's start moves it.
  expect(new Set(seen.map((o) => o.total))).toEqual(new Set([total]))
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done)
    expect(seen[i]!.folderNumber).toBeGreaterThanOrEqual(seen[i - 1]!.folderNumber)
  }
  expect(seen.at(-1)).toEqual({ done: total, total, folderNumber: 6, folders: 6 })
}

describe('the overall progress of a first import', () => {
  it('counts up to the whole account, its total known from the first folder on', async () => {
    const fixture = new CoreFixture()
    try {
      const user = await threeFolderUser('overall')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 'all' }))
      const seen = await overallOf(fixture.core, () => fixture.call('sync.run', { accountId }))
      expectSteady(seen, INBOX + ARCHIVE + SENT)
      // Seen part way, not only at the ends.
      expect(seen.some((o) => o.done > 0 && o.done < INBOX + ARCHIVE + SENT)).toBe(true)
      // A pass after the import has no import to show.
      const later = await overallOf(fixture.core, () => fixture.call('sync.run', { accountId }))
      expect(later).toEqual([])
    } finally {
      fixture.close()
    }
  })

  it('counts each folder up to the import depth', async () => {
    const fixture = new CoreFixture()
    try {
      const user = await threeFolderUser('depth')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 50 }))
      const seen = await overallOf(fixture.core, () => fixture.call('sync.run', { accountId }))
      expectSteady(seen, 50 + 50 + SENT)
    } finally {
      fixture.close()
    }
  })

  it('goes on from the mail stored before, after a restart mid-import', async () => {
    const secrets = new MemorySecretStore(null)
    const data = new CoreFixture()
    data.core.close()
    const options = { dataDir: data.dataDir, secrets, log: () => undefined }
    const first = new Core(options)
    let firstOpen = true
    let second: Core | null = null
    try {
      const user = await threeFolderUser('restart')
      const added = await first.dispatch('accounts.add', accountOf(user, { importLimit: 'all' }))
      if (!added.ok) throw new Error(added.error.message)
      const accountId = (added.value as { id: number }).id
      let unticked: Promise<unknown> | null = null
      // Archive's first slice is stored: its import stops there, as a quit would stop it.
      const stop = first.events.subscribe((name, payload) => {
        const p = payload as SyncProgress
        if (
          unticked ||
          name !== 'sync.progress' ||
          p.folder !== 'Archive' ||
          p.phase !== 'fetching' ||
          !p.done
        )
          return
        const folderId = first.workspace.folders.list(accountId).find((f) => f.path === 'Archive')!.id
        unticked = first.dispatch('folders.setSync', { folderId, enabled: false })
      })
      await first.dispatch('sync.run', { accountId })
      stop()
      await unticked
      const archive = first.workspace.folders.list(accountId).find((f) => f.path === 'Archive')!
      expect(archive.messageCount).toBeGreaterThan(0)
      expect(archive.messageCount).toBeLessThan(ARCHIVE)
      first.close()
      firstOpen = false

      second = new Core(options)
      const core = second
      const ticked = await core.dispatch('folders.setSync', { folderId: archive.id, enabled: true })
      if (!ticked.ok) throw new Error(ticked.error.message)
      const seen = await overallOf(core, () => core.dispatch('sync.run', { accountId }))
      // Everything stored before counts as done from the first event on.
      expect(seen[0]!.done).toBe(INBOX + archive.messageCount + SENT)
      expectSteady(seen, INBOX + ARCHIVE + SENT)
    } finally {
      if (firstOpen) first.close()
      second?.close()
      rmSync(data.dataDir, { recursive: true, force: true })
    }
  })
})
