// One broken subscriber of the core's events (a window whose port closed, a handler with a bug)
// threw out of CoreEvents.emit, into whatever emitted the event: the sync, the outbox or a
// command, which stopped half-way through its work; and the subscribers after it never heard it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { CoreEvents } from '../../src-main/core/core-events'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const broken = () => {
  throw new Error('the window is gone')
}

describe('a subscriber of the core events that throws', () => {
  it('does not throw into the emitter, and the other subscribers still hear the event', () => {
    const logged: string[] = []
    const events = new CoreEvents((message) => logged.push(message))
    const heard: string[] = []
    events.subscribe(broken)
    events.subscribe((name) => heard.push(name))
    const payload = { tables: ['contacts'], ids: [1], secret: 'hunter2 bob@client.test' }
    expect(() => events.emit('changed', payload as never)).not.toThrow()
    expect(heard).toEqual(['changed'])
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain('changed')
    expect(logged[0]).toContain('the window is gone')
    // The payload can hold mail and addresses: not in the log.
    expect(logged[0]).not.toContain('hunter2')
    expect(logged[0]).not.toContain('bob@client.test')
  })

  it('unsubscribes as before', () => {
    const events = new CoreEvents(() => undefined)
    const heard: string[] = []
    const off = events.subscribe((name) => heard.push(name))
    off()
    events.emit('changed', { tables: [], ids: [] })
    expect(heard).toEqual([])
  })

  it('does not fail the command whose change it was told about (the change is made)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-events-'))
    dirs.push(dir)
    const logged: string[] = []
    const core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: (m) => logged.push(m) })
    try {
      core.events.subscribe(broken)
      const response = await core.dispatch('inboxes.markSeen', { inbox: 'unassigned' })
      expect(response).toEqual({ ok: true, value: { ok: true } })
      expect(logged.some((m) => m.includes('the window is gone'))).toBe(true)
    } finally {
      core.close()
    }
  })
})
