// Claims of a crashed process whose process id is given again to the next Rapport process: web
// mode in a container runs as the same small pid after every restart (PID 1 after `docker
// restart`, or an OOM kill), and pids start over after a reboot. A claim names "<pid>:<random>";
// the random part says it is not this process's own, yet it was judged live because the pid is
// (it is ours), so the change was never pushed again, nor any later change of the mailbox.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
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
    const id = repo.insert({
      accountId: 1,
      messageId: '<stale@me.test>',
      subject: 'Quote',
      recipients: ['bob@client.test'],
      raw: Buffer.from('Message-ID: <stale@me.test>\r\n\r\nHi'),
      sendAt: 0,
      now: 0
    })
    expect(repo.claim(id, `${process.pid}:${randomUUID()}`)).toBe(true)
    // The process restarted with the same pid: a new owner.
    expect(repo.claim(id, `${process.pid}:${randomUUID()}`), 'the next process may send it').toBe(true)
  })
})
