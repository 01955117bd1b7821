import { randomUUID } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import type { HybridClock } from '../db/hybrid-clock'

/** One conversation per thread: created with the thread, attached to the thread's contact. */
export class ConversationLinker {
  private readonly find: Statement
  private readonly insert: Statement
  private readonly setContact: Statement
  private readonly revive: Statement
  private readonly reviveAsItWas: Statement

  constructor(
    db: Database,
    private readonly clock: HybridClock
  ) {
    this.find = db.prepare('SELECT id, contact_id, deleted FROM conversations WHERE thread_id = ?')
    this.revive = db.prepare(`UPDATE conversations SET deleted = 0, contact_id = coalesce(contact_id, ?),
      status = ?, status_since = ?, blocked = ?, status_changed_at = ?, snoozed_until = NULL,
      status_before_snooze = NULL, hlc = ? WHERE id = ?`)
    // Older mail (a backfill) changes no status: the conversation comes back as it was, snooze
    // ended (its time went by while it was a tombstone), closed if its contact is blocked now.
    this.reviveAsItWas =
      db.prepare(`UPDATE conversations SET deleted = 0, contact_id = coalesce(contact_id, ?),
      status = CASE WHEN ? = 1 THEN 'closed' WHEN status = 'snoozed' THEN coalesce(status_before_snooze, 'open') ELSE status END,
      blocked = ?, snoozed_until = NULL, status_before_snooze = NULL, hlc = ? WHERE id = ?`)
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
    },
    /** A tombstone comes back with the status it had (older mail), not as new. */
    asItWas = false
  ): string {
    const row = this.find.get(threadId) as
      { id: string; contact_id: string | null; deleted: number } | undefined
    const { status, since, blocked } = initial
    if (row?.deleted === 1) {
      // Its mail was all purged from Trash, which keeps the conversation (and its comments) as a
      // tombstone. New mail on the thread (a reply, a restore elsewhere) brings it back as if new.
      if (asItWas)
        this.reviveAsItWas.run(contactId, blocked ? 1 : 0, blocked ? 1 : 0, this.clock.tick(), row.id)
      else this.revive.run(contactId, status, since, blocked ? 1 : 0, at, this.clock.tick(), row.id)
      return row.id
    }
    if (row) {
      if (!row.contact_id && contactId) this.setContact.run(contactId, this.clock.tick(), row.id)
      return row.id
    }
    const id = randomUUID()
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
