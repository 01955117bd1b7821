// Claims of a crashed process whose process id is given again: to the next Rapport process (web
// mode in a container runs as the same small pid after every restart: PID 1 after `docker
// restart`, or an OOM kill), or to an unrelated program (pids start over after a reboot, and
// Windows gives them again within minutes). A claim names "<pid>:<random>"; it was judged live
// while its pid ran, so the change was never pushed again, nor any later change of the mailbox,
// and the outbox message never sent.
import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { awakeClock, BEAT_MS, STALE_MS } from '../../src-main/core/db/process-claim'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { FolderRepository } from '../../src-main/core/sync/folder-repository'
import { MailActions } from '../../src-main/core/sync/mail-actions'
import { TaskQueue } from '../../src-main/core/sync/task-queue'
import { memoryWorkspace, message } from './fixtures/workspace'

function setup() {
  const ws = memoryWorkspace()
  const folders = new FolderRepository(ws.db)
  folders.upsertListed(1, [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }])
  const inbox = folders.bySpecialUse(1, '\\Inbox')!
  ws.db.prepare('UPDATE folders SET uid_validity = 7').run()
  const queue = new TaskQueue(ws.db)
  const actions = new MailActions(ws.db, folders, queue)
  const stored = ws.store.storeBatch(
    { ...ws.context, folder: { id: inbox.id, uidValidity: 7, isSent: false } },
    [{ uid: 10, flags: [], parsed: message() }]
  )
  return { ...ws, actions, ids: stored.messageIds }
}

function queued(repo: OutboxRepository, messageId: string): number {
  return repo.insert({
    accountId: 1,
    messageId,
    subject: 'Quote',
    recipients: ['bob@client.test'],
    raw: Buffer.from(`Message-ID: ${messageId}\r\n\r\nHi`),
    sendAt: 0,
    now: 0
  })
}

describe('a claim left by a crashed process whose pid the next process has again', () => {
  it('a task running when the process died is pushed by the next one (same pid)', () => {
    const { db, actions, ids } = setup()
    actions.setFlags({ messageIds: [ids[0]!], seen: true })
    // The previous run, same pid (a container restarted), died while pushing it.
    db.prepare("UPDATE tasks SET state = 'running', claimed_by = ?").run(`${process.pid}:${randomUUID()}`)
    const next = new TaskQueue(db)
    next.recoverInterrupted()
    const head = next.head(1)!
    expect(head).not.toBeNull()
    expect(db.prepare('SELECT state FROM tasks WHERE id = ?').get(head.id)).toEqual({ state: 'pending' })
    expect(next.claim(head.id), 'the next process may push it').toBe(true)
  })

  it('an outbox message being sent when the process died is sent by the next one (same pid)', () => {
    const { db } = setup()
    const repo = new OutboxRepository(db)
    const id = queued(repo, '<stale@me.test>')
    expect(repo.claim(id, `${process.pid}:${randomUUID()}`)).toBe(true)
    // The process restarted with the same pid: a new owner.
    expect(repo.claim(id, `${process.pid}:${randomUUID()}`), 'the next process may send it').toBe(true)
  })
})

describe('a claim whose pid an unrelated program runs under now', () => {
  // This process's awake time, moved by hand.
  let awake = 0
  beforeEach(() => {
    awake = 1_000
    awakeClock.now = () => awake
  })
  afterEach(() => {
    awakeClock.now = () => performance.now()
    vi.useRealTimers()
  })
  // The parent of this test worker runs, and is not a Rapport process holding a claim.
  const foreign = () => `${process.ppid}:${randomUUID()}`
  const beat = (db: Database, owner: string, at: number) =>
    db.prepare('INSERT OR REPLACE INTO claim_owners (owner, alive_at) VALUES (?, ?)').run(owner, at)

  function runningTask() {
    const { db, actions, ids } = setup()
    actions.setFlags({ messageIds: [ids[0]!], seen: true })
    const owner = foreign()
    db.prepare("UPDATE tasks SET state = 'running', claimed_by = ?").run(owner)
    return { db, owner }
  }

  it('a task it never beat for is pushed again by the next process', () => {
    const { db } = runningTask()
    const next = new TaskQueue(db)
    next.recoverInterrupted()
    expect(db.prepare('SELECT state FROM tasks').get()).toEqual({ state: 'pending' })
    expect(next.claim(next.head(1)!.id)).toBe(true)
  })

  it('a task whose owner has stood still for 10 minutes of this process is taken over; one beating is left', () => {
    const { db, owner } = runningTask()
    const next = new TaskQueue(db)
    const id = next.head(1)!.id
    beat(db, owner, 5_000)
    expect(next.claim(id), 'another Rapport process runs it, as far as can be told yet').toBe(false)
    awake += STALE_MS - 1
    expect(next.claim(id)).toBe(false)
    // It beats, and the next look sees it: the wait starts again.
    beat(db, owner, 5_000 + BEAT_MS)
    expect(next.claim(id), 'it beat since').toBe(false)
    awake += STALE_MS - 1
    expect(next.claim(id)).toBe(false)
    awake += 1
    expect(next.claim(id), 'silent for 10 minutes: gone').toBe(true)
  })

  it('an outbox message it held is sent by the next process once its beat stood still', () => {
    const { db } = setup()
    const repo = new OutboxRepository(db)
    const id = queued(repo, '<reused@me.test>')
    const owner = foreign()
    db.prepare('UPDATE outbox SET claimed_by = ? WHERE id = ?').run(owner, id)
    beat(db, owner, 5_000)
    expect(repo.holderRunning(owner)).toBe(true)
    awake += STALE_MS
    expect(repo.holderRunning(owner)).toBe(false)
    expect(repo.claim(id, `${process.pid}:${randomUUID()}`), 'the next process may send it').toBe(true)
  })

  it('a beat hours old by the wall clock (both slept) is not taken over on waking, nor by a process started then', () => {
    const { db, owner } = runningTask()
    // Its last beat was before the computer slept for the night.
    beat(db, owner, Date.now() - 8 * 3_600_000)
    const next = new TaskQueue(db)
    expect(next.claim(next.head(1)!.id), 'the other one may not have beaten since it woke').toBe(false)
  })

  it('a beat the database refuses (a full disk, a read-only file) does not end the process', async () => {
    // A fresh claims module, whose beat timer is one of the fake timers.
    vi.useFakeTimers()
    vi.resetModules()
    const { TaskQueue: FreshQueue } = await import('../../src-main/core/sync/task-queue')
    const { db } = setup()
    new FreshQueue(db)
    // As a full disk or a file made read-only does: every write fails, reads still work.
    db.pragma('query_only = ON')
    // A throw from the timer's callback is an uncaught exception: the core's process ends.
    expect(() => vi.advanceTimersByTime(BEAT_MS)).not.toThrow()
  })
})
