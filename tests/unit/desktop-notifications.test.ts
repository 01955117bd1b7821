// Desktop notifications: only the local user's own, and only of the workspace shown.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'
import { message } from './fixtures/workspace'

const ME = 'me@rapport.test'
let core: Core | null = null
let dir = ''
afterEach(() => {
  core?.close()
  core = null
  rmSync(dir, { recursive: true, force: true })
})

function start() {
  dir = mkdtempSync(join(tmpdir(), 'rapport-notif-'))
  const clock = new ManualClock(new Date(2026, 0, 5, 10, 0).getTime())
  core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, clock })
  const shown: Array<{ kind: string; text: string }> = []
  core.events.subscribe((name, payload) => {
    if (name === 'notification') shown.push(payload as (typeof shown)[number])
  })
  const ws = core.workspace
  ws.db
    .prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (1, ?, ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'x', 0)`
    )
    .run(ME, ME)
  const result = ws.store.storeBatch(
    { accountId: 1, threadingEnabled: true, ownAddresses: new Set([ME]), folder: null },
    [{ uid: null, flags: [], parsed: message({ date: clock.now() }) }]
  )
  const threadId = [...result.threadIds][0]!
  const conversationId = ws.crm.state.ofThread(threadId)!.id
  return { call: coreCaller(core), shown, clock, ws, conversationId }
}

describe('desktop notifications are for the user at this computer', () => {
  it('does not pop up "X mentioned you" on the author’s desktop when they mention a teammate', async () => {
    const { call, shown, conversationId, ws } = start()
    const bob = await call('members.add', { name: 'Bob', email: 'bob@rapport.test', role: 'manager' })
    await call('conversations.comment', { conversationId, body: 'Can you take this @bob@rapport.test?' })
    // Bob's entry is in Bob's centre, not the local user's...
    expect(ws.crm.notifications.list(bob.id)).toHaveLength(1)
    expect(await call('notifications.list', {})).toEqual([])
    // ...so the local user's window must not be told to show it as theirs.
    expect(shown).toEqual([])
  })

  it('does not pop up a wake-up for a teammate’s conversation that is not in the user’s centre', async () => {
    const { call, shown, conversationId, clock } = start()
    const bob = await call('members.add', { name: 'Bob', email: 'bob@rapport.test', role: 'manager' })
    await call('conversations.assign', { conversationId, memberId: bob.id })
    await call('conversations.snooze', { conversationId, preset: '1h' })
    clock.advance(3_600_000)
    core!.workspace.crm.snoozes.wakeDue()
    expect(await call('notifications.list', {})).toEqual([])
    expect(shown).toEqual([])
  })
})

describe('the sample workspace’s snoozes', () => {
  it('do not pop up in the real workspace after the sample was opened and left', async () => {
    const { shown, clock } = start()
    const c = core!
    c.switchWorkspace('sample')
    // The sample snoozes a conversation until tomorrow 09:00.
    const sampleSnoozed = c.workspace.crm.list.list(
      { inbox: 'all', status: 'snoozed', unreplied: false, sort: 'newest', limit: 50 },
      c.workspace.crm.me()
    )
    expect(sampleSnoozed.length).toBeGreaterThan(0)
    const sample = c.workspace
    c.switchWorkspace('main')
    // A day later the sample's scheduler (still running) fires, as its timer would.
    clock.advance(2 * 86_400_000)
    sample.crm.snoozes.wakeDue()
    // The window shows the main workspace: a "snoozed conversation is back" pop-up about the
    // sample's made-up data, whose click opens nothing, must not appear.
    expect(shown).toEqual([])
  })
})
