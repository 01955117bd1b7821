// Notifications: desktop pop-ups only of the local user's own and of the workspace shown, once each
// (also for what came while no window was open), and the bell's unread count.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import BetterSqlite3 from 'better-sqlite3'
import { Core } from '../../src-main/core/core'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { serveFrames } from '../../src-main/core/host/frame-server'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import type { CoreFrame, RequestFrame } from '../../src-preload/contract'
import { FrameClient } from '../../src-preload/rapport-api'
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

/**
 * A window connected as the app's and web mode's are (frames over a channel): what it would pop
 * up on the desktop is what notifications.announce hands it.
 */
function connectWindow(c: Core) {
  const events: string[] = []
  let client: FrameClient | null = null
  const server = serveFrames(c, (frame: CoreFrame) => {
    if (frame.type === 'event') events.push(frame.name)
    client!.handleFrame(structuredClone(frame))
  })
  client = new FrameClient((frame: RequestFrame) => server.handle(structuredClone(frame)))
  return {
    events,
    popUps: () => client.request('notifications.announce', {}),
    close: () => server.dispose()
  }
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
    expect(await call('notifications.announce', {})).toEqual([])
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
    expect(await call('notifications.announce', {})).toEqual([])
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
    expect(await coreCaller(c)('notifications.announce', {})).toEqual([])
  })
})

describe('a snooze that ended while Rapport was closed', () => {
  it('pops up on the desktop once a window connects, in one window only', async () => {
    const { call, conversationId, clock } = start()
    await call('conversations.snooze', { conversationId, preset: 'tomorrow' })
    core!.close()
    // Rapport is closed overnight; it starts again at 10:00 the next day and wakes the snooze
    // while starting, before any window is connected to hear about it.
    clock.advance(86_400_000)
    core = new Core({ dataDir: dir, secrets: new MemorySecretStore(), log: () => undefined, clock })
    expect(await coreCaller(core)('notifications.list', {})).toMatchObject([{ kind: 'snooze-woken' }])
    const first = connectWindow(core)
    const second = connectWindow(core)
    expect(await first.popUps()).toMatchObject({
      ok: true,
      value: [
        { kind: 'snooze-woken', conversationId, text: expect.stringMatching(/snoozed conversation is back/) }
      ]
    })
    // Shown once: not by the second window, nor by the first when it starts again.
    expect(await second.popUps()).toEqual({ ok: true, value: [] })
    expect(await first.popUps()).toEqual({ ok: true, value: [] })
    // Still in the notification centre, unread.
    expect(await coreCaller(core)('notifications.list', { unreadOnly: true })).toHaveLength(1)
    first.close()
    second.close()
  })

  it('pops up a wake-up heard by two windows in only one of them', async () => {
    const { call, conversationId, clock } = start()
    const first = connectWindow(core!)
    const second = connectWindow(core!)
    await call('conversations.snooze', { conversationId, preset: '1h' })
    clock.advance(3_600_000)
    core!.workspace.crm.snoozes.wakeDue()
    // Both hear of it (their bells refresh); the one that asks first pops it up.
    expect(first.events.filter((e) => e === 'notification')).toHaveLength(1)
    expect(second.events.filter((e) => e === 'notification')).toHaveLength(1)
    const [a, b] = await Promise.all([first.popUps(), second.popUps()])
    expect([a, b]).toMatchObject([
      { ok: true, value: [{ kind: 'snooze-woken' }] },
      { ok: true, value: [] }
    ])
    first.close()
    second.close()
  })

  it('pops up at most the five newest of many, and none the user already read', async () => {
    const { call, ws, clock } = start()
    const me = ws.crm.people.localId
    for (let i = 0; i < 7; i++) {
      clock.advance(1000)
      ws.crm.notifications.create({ memberId: me, kind: 'mention', conversationId: null, text: `n${i}` })
    }
    // Read from the CLI before any window opened.
    const read = ws.crm.notifications.list(me).find((n) => n.text === 'n6')!
    await call('notifications.markRead', { ids: [read.id] })
    const popped = await call('notifications.announce', {})
    expect(popped.map((n) => n.text)).toEqual(['n5', 'n4', 'n3', 'n2', 'n1'])
    // The older one waits in the centre only: it does not pop up later, after a new one.
    ws.crm.notifications.create({ memberId: me, kind: 'mention', conversationId: null, text: 'n7' })
    expect((await call('notifications.announce', {})).map((n) => n.text)).toEqual(['n7'])
  })
})

describe('notifications from before an update', () => {
  it('count as shown already: the update pops up none of them', () => {
    const db = new BetterSqlite3(':memory:')
    const announced = bundledMigrations.find((m) => /_notifications_announced\.sql$/.test(m.name))!
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < announced.version)
    )
    db.prepare(
      `INSERT INTO members (id, name, email, role, created_at, hlc) VALUES ('m1', 'Me', 'me@rapport.test', 'manager', 0, '0')`
    ).run()
    db.prepare(
      `INSERT INTO notifications (id, member_id, kind, text, created_at) VALUES ('n1', 'm1', 'mention', 'old', 5)`
    ).run()
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT announced_at FROM notifications').all()).toEqual([{ announced_at: 5 }])
    db.close()
  })
})

describe('the notification bell', () => {
  it('counts all 250 unread notifications, not the newest 200 the centre lists, and drops as they are read', async () => {
    const { call, clock, ws } = start()
    const crm = ws.crm
    const me = crm.people.localId
    const other = crm.people.add({ email: 'bob@rapport.test', name: 'Bob', role: 'agent' }).id
    for (let i = 0; i < 250; i++) {
      clock.advance(1000)
      crm.notifications.create({ memberId: me, kind: 'mention', conversationId: null, text: `n${i}` })
    }
    crm.notifications.create({ memberId: other, kind: 'mention', conversationId: null, text: 'for Bob' })

    expect(await call('notifications.list', {})).toHaveLength(200)
    expect(await call('notifications.unreadCount', {})).toEqual({ unread: 250 })
    const newest = (await call('notifications.list', {})).slice(0, 3)
    await call('notifications.markRead', { ids: newest.map((n) => n.id) })
    expect(await call('notifications.unreadCount', {})).toEqual({ unread: 247 })
    await call('notifications.markRead', {})
    expect(await call('notifications.unreadCount', {})).toEqual({ unread: 0 })
  })
})
