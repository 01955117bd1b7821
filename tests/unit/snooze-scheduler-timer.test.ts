// The snooze scheduler's own timer: snoozes another process on the workspace set (the CLI beside
// the app), and a database another process keeps busy when a snooze is due.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { CrmServices } from '../../src-main/core/crm/crm-services'
import type { Notification } from '../../src-main/core/crm/notification-center'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { MessageStore } from '../../src-main/core/store/message-store'
import { HOUR, ME, message, MINUTE, START } from './fixtures/crm-workspace'

let dir: string
const open: Database[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-snooze-'))
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})

afterEach(() => {
  vi.useRealTimers()
  for (const db of open.splice(0)) db.close()
  rmSync(dir, { recursive: true, force: true })
})

/** One process's CRM on the shared workspace file, with the wall clock every process reads. */
function processOn(clock: ManualClock) {
  const db = openDatabase(join(dir, 'rapport.db'))
  open.push(db)
  const notifications: Notification[] = []
  const woken: string[][] = []
  const crm = new CrmServices(db, HybridClock.forDatabase(db), clock, {
    changed: (tables, ids) => {
      if (tables.includes('notifications')) woken.push(ids.map(String))
    },
    notification: (n) => notifications.push(n)
  })
  return { db, crm, notifications, woken }
}

/** The workspace with its account and one conversation from a contact, stored by `by`. */
function conversationOf(by: ReturnType<typeof processOn>): string {
  by.db
    .prepare(
      `INSERT INTO accounts (id, email, display_name, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (1, ?, 'Me', ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:test', 0)`
    )
    .run(ME, ME)
  const store = new MessageStore(by.db, HybridClock.forDatabase(by.db), by.crm.rules)
  const result = store.storeBatch(
    { accountId: 1, threadingEnabled: true, ownAddresses: new Set([ME]), folder: null },
    [{ uid: null, flags: [], parsed: message({ date: START }) }]
  )
  return by.crm.state.ofThread([...result.threadIds][0]!)!.id
}

describe('the snooze scheduler', () => {
  it('wakes a snooze another process set while it had none to wait for', () => {
    const clock = new ManualClock(START)
    const app = processOn(clock)
    const cli = processOn(clock)
    const conversationId = conversationOf(cli)
    // The app is running, with nothing snoozed.
    app.crm.start()
    // `rapport api conversations.snooze … 1h`, then the command exits.
    cli.crm.start()
    cli.crm.conversations.snooze(conversationId, { preset: '1h' })
    cli.crm.stop()
    clock.advance(HOUR + MINUTE)
    vi.advanceTimersByTime(2 * MINUTE)
    expect(app.crm.state.get(conversationId)).toMatchObject({ status: 'open', snoozed_until: null })
    expect(app.notifications).toMatchObject([{ kind: 'snooze-woken', conversationId }])
    expect(app.woken).toEqual([[conversationId]])
    app.crm.stop()
  })

  it('goes on (and the core with it) when the database is busy as a snooze comes due', () => {
    const clock = new ManualClock(START)
    const app = processOn(clock)
    const conversationId = conversationOf(app)
    app.crm.conversations.snooze(conversationId, { until: START + 5 * MINUTE })
    app.crm.start()
    // Another process on the workspace (a CLI import, a reindex) holds the write lock past the
    // busy timeout, shortened here so the test does not wait the real five seconds.
    app.db.pragma('busy_timeout = 20')
    const other = openDatabase(join(dir, 'rapport.db'))
    open.push(other)
    other.exec('BEGIN IMMEDIATE')
    clock.advance(5 * MINUTE)
    // The timer's tick must not throw: in the core process that is an uncaught exception.
    expect(() => vi.advanceTimersByTime(5 * MINUTE)).not.toThrow()
    expect(app.crm.state.get(conversationId).status).toBe('snoozed')
    other.exec('COMMIT')
    clock.advance(MINUTE)
    vi.advanceTimersByTime(MINUTE)
    expect(app.crm.state.get(conversationId).status).toBe('open')
    expect(app.notifications).toMatchObject([{ kind: 'snooze-woken', conversationId }])
    app.crm.stop()
  })
})
