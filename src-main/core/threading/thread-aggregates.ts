import type { Database, Statement } from 'better-sqlite3'

/** A message's sender as the inbox names one without a contact: the From name, else address. */
const SENDER = `coalesce(nullif(trim(m.from_name), ''), m.from_address)`

/**
 * Recomputes the denormalized columns the inbox lists read (counts, last message, subject) for
 * the threads a batch touched, and mirrors them onto their conversations. Done once per batch
 * instead of per message, inside the batch transaction.
 */
export class ThreadAggregates {
  private readonly refreshThread: Statement
  private readonly refreshConversation: Statement

  constructor(db: Database) {
    this.refreshThread = db.prepare(`
      UPDATE threads SET
        message_count = (SELECT count(*) FROM messages m WHERE m.thread_id = threads.id),
        unread_count = (SELECT count(*) FROM messages m WHERE m.thread_id = threads.id AND m.is_seen = 0 AND m.direction = 'in'),
        has_attachments = EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = threads.id AND m.has_attachments = 1),
        last_message_at = coalesce((SELECT max(m.date) FROM messages m WHERE m.thread_id = threads.id), 0),
        last_message_pk = (SELECT m.id FROM messages m WHERE m.thread_id = threads.id ORDER BY m.date DESC, m.id DESC LIMIT 1),
        subject = coalesce((SELECT m.subject FROM messages m WHERE m.thread_id = threads.id ORDER BY m.date, m.id LIMIT 1), subject)
      WHERE id = ?`)
    this.refreshConversation = db.prepare(`
      UPDATE conversations SET
        unread_count = (SELECT unread_count FROM threads t WHERE t.id = conversations.thread_id),
        last_message_at = (SELECT last_message_at FROM threads t WHERE t.id = conversations.thread_id),
        last_incoming_at = (SELECT max(m.date) FROM messages m WHERE m.thread_id = conversations.thread_id AND m.direction = 'in'),
        last_outgoing_at = (SELECT max(m.date) FROM messages m WHERE m.thread_id = conversations.thread_id AND m.direction = 'out'),
        last_direction = (SELECT m.direction FROM messages m WHERE m.thread_id = conversations.thread_id ORDER BY m.date DESC, m.id DESC LIMIT 1),
        -- Newest first along messages_by_thread, stopping at the first match: no sort of a long thread.
        sender = coalesce(
          (SELECT ${SENDER} FROM messages m WHERE m.thread_id = conversations.thread_id AND m.direction = 'in' ORDER BY m.date DESC, m.id DESC LIMIT 1),
          (SELECT ${SENDER} FROM messages m WHERE m.thread_id = conversations.thread_id ORDER BY m.date DESC, m.id DESC LIMIT 1),
          sender)
      WHERE thread_id = ?`)
  }

  refresh(threadIds: Iterable<number>): void {
    for (const id of threadIds) {
      this.refreshThread.run(id)
      this.refreshConversation.run(id)
    }
  }
}
