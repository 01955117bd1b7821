import { randomUUID } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import type { HybridClock } from '../db/hybrid-clock'

/** One conversation per thread: created with the thread, attached to the thread's contact. */
export class ConversationLinker {
  private readonly find: Statement
  private readonly insert: Statement
  private readonly setContact: Statement

  constructor(
    db: Database,
    private readonly clock: HybridClock
  ) {
    this.find = db.prepare('SELECT id, contact_id FROM conversations WHERE thread_id = ?')
    this.insert = db.prepare(`INSERT INTO conversations
      (id, account_id, thread_id, contact_id, status, status_since, blocked, status_changed_at, created_at, hlc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.setContact = db.prepare('UPDATE conversations SET contact_id = ?, hlc = ? WHERE id = ?')
  }

  /**
   * The thread's conversation, created with its initial status when there is none. The status is
   * part of the INSERT, not a later UPDATE: a conversation is in a dozen inbox indexes, and an
   * import creates thousands of them.
   */
  ensure(
    accountId: number,
    threadId: number,
    contactId: string | null,
    at: number,
    initial: { status: 'open' | 'closed'; since: number; blocked: boolean } = {
      status: 'open',
      since: at,
      blocked: false
    }
  ): string {
    const row = this.find.get(threadId) as { id: string; contact_id: string | null } | undefined
    if (row) {
      if (!row.contact_id && contactId) this.setContact.run(contactId, this.clock.tick(), row.id)
      return row.id
    }
    const id = randomUUID()
    const { status, since, blocked } = initial
    this.insert.run(
      id,
      accountId,
      threadId,
      contactId,
      status,
      since,
      blocked ? 1 : 0,
      at,
      Date.now(),
      this.clock.tick()
    )
    return id
  }
}
