import type { OutboxRecord } from './outbox-reads'
import { OutboxFailures } from './outbox-failures'
import { NOT_SENT_FROM_ARCHIVE } from './outbox-state'
import type { CopyRefusal } from './sent-copy-retry'

export type { OutboxRecord } from './outbox-reads'

const DAY_MS = 24 * 60 * 60_000
/** Sent rows are kept this long: enough for the rolling 24-hour send count. */
const KEEP_SENT_MS = 2 * DAY_MS

/** Recipients of `source` the SMTP server refused while it took the message for the others. */
export type RefusedPart = {
  source: OutboxRecord
  recipients: string[]
  lastError: string
  /** queued: refused for now, tried again at retryAt; failed: refused for good. */
  next: { state: 'failed' } | { state: 'queued'; retryAt: number; refusedAttempts: number }
  now: number
}

export type NewOutboxItem = {
  accountId: number
  messageId: string
  subject: string
  recipients: string[]
  /** Which of `recipients` were in Cc and which in Bcc (the others in To), for the Outbox to show. */
  cc?: string[]
  bcc?: string[]
  raw: Buffer
  sendAt: number
  now: number
  /** The conversation it replies in, so the thread shows it until it is sent; null for new mail. */
  threadId?: number | null
}

/**
 * The outbox table: every state change is one statement, so a crash leaves a known state. Here a
 * message on its way out (queued, sending, accepted, sent) and its Sent copy; OutboxFailures
 * holds what an attempt that did not send leaves on its row.
 */
export class OutboxRepository extends OutboxFailures {
  insert(item: NewOutboxItem): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO outbox (account_id, message_id, subject, recipients_json, cc_json, bcc_json, raw, size,
             send_at, created_at, thread_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          item.accountId,
          item.messageId,
          item.subject,
          JSON.stringify(item.recipients),
          JSON.stringify(item.cc ?? []),
          JSON.stringify(item.bcc ?? []),
          item.raw,
          item.raw.length,
          item.sendAt,
          item.now,
          item.threadId ?? null
        ).lastInsertRowid
    )
  }

  /**
   * A row for refused recipients, with the bytes, Message-ID, subject, time and thread of the
   * row it splits from, linked to the message it completes (the first row of the message). When
   * the source failed during its attempt (its mailbox was archived), recipients refused for now
   * fail too rather than wait in the queue: they must not get it by surprise later either.
   */
  insertRefused(part: RefusedPart): number {
    const { source, next } = part
    return Number(
      this.db
        .prepare(
          `INSERT INTO outbox (account_id, message_id, subject, recipients_json, cc_json, bcc_json, raw, size,
             state, send_at, retry_at, refused_attempts, last_error, last_error_code, thread_id, sent_folder,
             created_at, completes_id)
           SELECT account_id, message_id, subject, @recipients, cc_json, bcc_json, raw, size,
             CASE WHEN state = 'failed' THEN 'failed' ELSE @state END, send_at,
             CASE WHEN state = 'failed' THEN NULL ELSE @retryAt END,
             @refusedAttempts, @lastError, CASE WHEN state = 'failed' OR @state = 'failed' THEN 'SEND_FAILED'
             ELSE 'SEND_DEFERRED' END, thread_id, sent_folder, @now, @completesId
           FROM outbox WHERE id = @sourceId`
        )
        .run({
          sourceId: source.id,
          recipients: JSON.stringify(part.recipients),
          state: next.state,
          retryAt: next.state === 'queued' ? next.retryAt : null,
          refusedAttempts: next.state === 'queued' ? next.refusedAttempts : source.refusedAttempts,
          lastError: part.lastError,
          now: part.now,
          completesId: source.completesId ?? source.id
        }).lastInsertRowid
    )
  }

  /** The recipients the message went to, once the others have rows of their own. */
  narrowRecipients(id: number, recipients: string[]): void {
    this.db.prepare('UPDATE outbox SET recipients_json = ? WHERE id = ?').run(JSON.stringify(recipients), id)
  }

  /**
   * Recorded before anything goes on the wire: a crash from here on means "outcome unknown".
   * Claims the row for an attempt, unless it was undone or deleted meanwhile (the attempt
   * awaited the server before this): then it says false, and nothing may be sent.
   */
  markSending(id: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET state = 'sending', attempts = attempts + 1, sent_check_due = 1, resend_confirmed = 0
           WHERE id = ? AND state IN ('queued', 'sending')`
        )
        .run(id).changes > 0
    )
  }

  /**
   * The attempt did not send the message: the server answered before taking it (4xx, 5xx, a
   * refused login), or none was reached. The next one need not look in Sent.
   */
  markNotSent(id: number): void {
    // Archived during this attempt, the row could only say it may have gone: now it is known not to.
    this.db
      .prepare(
        `UPDATE outbox SET sent_check_due = 0,
           last_error = CASE WHEN last_error_code = 'ACCOUNT_ARCHIVED' THEN ? ELSE last_error END WHERE id = ?`
      )
      .run(NOT_SENT_FROM_ARCHIVE, id)
  }

  /** The SMTP server took it (or Sent already holds it): it must never be sent again. */
  markAccepted(id: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'accepted', last_error = NULL, last_error_code = NULL, retry_at = NULL, waiting_online = 0,
           offline_attempts = 0 WHERE id = ?`
      )
      .run(id)
  }

  /**
   * Done: stored in its thread. Rows for its refused recipients learn the thread and Sent folder
   * now, so the conversation shows them, and they have them when sent after this row is purged.
   */
  /** `copyRefusal`: the server refused the copy for Sent; the bytes are kept to save it again. */
  markSent(
    id: number,
    sent: { threadId: number; sentFolder: string | null; at: number; copyRefusal?: CopyRefusal }
  ): void {
    const refusal = sent.copyRefusal ?? null
    this.db
      .prepare(
        `UPDATE outbox SET state = 'sent', raw = CASE WHEN @copyError IS NULL THEN NULL ELSE raw END,
           sent_copy_error = @copyError, sent_copy_retry_at = @copyRetryAt, sent_copy_attempts = @copyAttempts,
           thread_id = @threadId, sent_folder = @sentFolder, sent_at = @at,
           last_error = NULL, last_error_code = NULL, retry_at = NULL, waiting_online = 0 WHERE id = @id`
      )
      .run({
        id,
        copyError: refusal?.text ?? null,
        copyRetryAt: refusal?.retryAt ?? null,
        copyAttempts: refusal ? 1 : 0,
        threadId: sent.threadId,
        sentFolder: sent.sentFolder,
        at: sent.at
      })
    this.db
      .prepare("UPDATE outbox SET thread_id = ?, sent_folder = ? WHERE completes_id = ? AND state != 'sent'")
      .run(sent.threadId, sent.sentFolder, id)
  }

  /**
   * A row for refused recipients went out: its message is already in Sent and in its thread, so
   * it only takes the thread and Sent folder of the message it completes (or what it was told).
   */
  markCompletionSent(id: number, at: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'sent', raw = NULL, sent_at = @at, last_error = NULL, last_error_code = NULL, retry_at = NULL,
           waiting_online = 0,
           thread_id = coalesce((SELECT o.thread_id FROM outbox o WHERE o.id = outbox.completes_id), thread_id),
           sent_folder = coalesce((SELECT o.sent_folder FROM outbox o WHERE o.id = outbox.completes_id), sent_folder)
         WHERE id = @id`
      )
      .run({ id, at })
  }

  /**
   * The whole message went to the SMTP server and the connection was lost before its answer.
   * Recorded before Sent is looked at, so neither a lost IMAP connection nor a crash during that
   * look can lead to sending it again. The row stays `sending`: its outcome is unknown.
   */
  markMaybeDelivered(id: number, error: string): void {
    this.db
      .prepare(
        "UPDATE outbox SET maybe_delivered = 1, last_error = ?, last_error_code = 'SEND_UNCONFIRMED' WHERE id = ?"
      )
      .run(error, id)
  }

  /** New bytes for a message never tried (the same Message-ID): nothing was sent, so none can differ. */
  replaceUntriedRaw(id: number, raw: Buffer): void {
    this.db
      .prepare("UPDATE outbox SET raw = ?, size = ? WHERE id = ? AND state = 'queued' AND attempts = 0")
      .run(raw, raw.length, id)
  }

  /** The thread an accepted message was stored in before its Sent copy was saved. */
  noteThread(id: number, threadId: number): void {
    this.db.prepare('UPDATE outbox SET thread_id = ? WHERE id = ?').run(threadId, id)
  }

  /** Removes an unsent row; false when it was already on its way (or gone). */
  remove(id: number): boolean {
    return (
      this.db.prepare("DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'failed')").run(id).changes > 0
    )
  }

  purgeSent(now: number): void {
    // A refused Sent copy stays until the user saves it again or dismisses it.
    this.db
      .prepare("DELETE FROM outbox WHERE state = 'sent' AND sent_copy_error IS NULL AND sent_at < ?")
      .run(now - KEEP_SENT_MS)
  }

  /** The Sent copy was saved (in `folder`), or the user let it go (null): the bytes go. */
  settleSentCopy(id: number, folder: string | null): void {
    this.db
      .prepare(
        `UPDATE outbox SET raw = NULL, sent_copy_error = NULL, sent_copy_retry_at = NULL,
           sent_folder = coalesce(?, sent_folder) WHERE id = ? AND state = 'sent'`
      )
      .run(folder, id)
  }

  /**
   * No connection: the account's copies due to be saved again wait until `until` (the scheduler
   * would otherwise wake for them at once, again and again). Not counted as refused.
   */
  deferSentCopies(accountId: number, now: number, until: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET sent_copy_retry_at = ? WHERE account_id = ? AND state = 'sent'
           AND sent_copy_error IS NOT NULL AND sent_copy_retry_at <= ?`
      )
      .run(until, accountId, now)
  }

  /** Saving the Sent copy again was refused too: the server's latest words, and when to try again. */
  noteSentCopyError(id: number, refusal: CopyRefusal): void {
    this.db
      .prepare(
        `UPDATE outbox SET sent_copy_error = ?, sent_copy_retry_at = ?, sent_copy_attempts = sent_copy_attempts + 1
           WHERE id = ? AND state = 'sent'`
      )
      .run(refusal.text, refusal.retryAt, id)
  }
}
