import type { ErrorCode } from '../../../src-preload/contract'
import { ACCOUNT_CAN_SEND, type OutboxRecord } from './outbox-reads'
import { OutboxClaims } from './outbox-claims'
import { NOT_SENT_FROM_ARCHIVE } from './outbox-state'
import type { CopyRefusal } from './sent-copy-retry'

export type { OutboxRecord } from './outbox-reads'

// An attempt's "try again later" (4xx, no server, a refused login) puts back in the queue only a
// row still in that attempt. One settled meanwhile stays as it is: failed when its mailbox was
// archived during the attempt, it goes back in the queue once the archive is signed in again
// (releaseArchived), not while the mailbox is an archive.
const STILL_IN_ATTEMPT = "state = 'sending'"

const DAY_MS = 24 * 60 * 60_000

/** Back in the queue at its own send time, untried, and no longer saying why it failed. */
const REQUEUED_UNTRIED = `state = 'queued', retry_at = NULL, waiting_online = 0, offline_attempts = 0,
  last_error = NULL, last_error_code = NULL`
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

/** The outbox table: every state change is one statement, so a crash leaves a known state. */
export class OutboxRepository extends OutboxClaims {
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

  /** The SMTP server refused it for now (4xx): deferred, not failed; the try counts toward the limit. */
  markRefusedForNow(id: number, error: string, retryAt: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', last_error = ?, last_error_code = 'SEND_DEFERRED', retry_at = ?,
           waiting_online = 0, refused_attempts = refused_attempts + 1, offline_attempts = 0 WHERE id = ? AND ${STILL_IN_ATTEMPT}`
      )
      .run(error, retryAt, id)
  }

  /**
   * The SMTP server could not be reached. It keeps its backoff even while IMAP works (each pass
   * would otherwise retry it), and the try does not count toward the 4xx limit.
   */
  markSmtpUnreachable(id: number, error: string, retryAt: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', last_error = ?, last_error_code = 'HOST_UNREACHABLE', retry_at = ?,
           waiting_online = 0, offline_attempts = offline_attempts + 1 WHERE id = ? AND ${STILL_IN_ATTEMPT}`
      )
      .run(error, retryAt, id)
  }

  /**
   * The account's servers changed: mail waiting out a backoff for the old SMTP server (no answer,
   * or a 4xx), or for the old IMAP server's login refused for now, is due now, to go at the new
   * one. A cap's hold stays.
   */
  retryAtNewServers(accountId: number, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET retry_at = ?, offline_attempts = 0 WHERE account_id = ? AND state = 'queued'
           AND last_error_code IN ('HOST_UNREACHABLE', 'SEND_DEFERRED', 'LOGIN_REFUSED_FOR_NOW') AND retry_at > ?`
      )
      .run(now, accountId, now)
  }

  /** Rapport's own credentials failed: it waits for the account to be signed in again, then goes at once. */
  markWaitingForSignIn(id: number, error: string, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', last_error = ?, last_error_code = 'AUTH_FAILED', retry_at = ?,
           waiting_online = 1 WHERE id = ? AND ${STILL_IN_ATTEMPT}`
      )
      .run(error, now, id)
  }

  /**
   * The SMTP server refused to sign in for this attempt: failed, until Retry, signing in again or
   * new server settings (releaseSmtpRefused). Only a row still in its attempt: one archived
   * meanwhile stays archived, until the archive is signed in again (releaseArchived).
   */
  markSmtpRefused(id: number, error: string): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'failed', last_error = ?, last_error_code = 'SMTP_AUTH_FAILED', retry_at = NULL
         WHERE id = ? AND ${STILL_IN_ATTEMPT}`
      )
      .run(error, id)
  }

  /**
   * The rest of the account's mail due now fails with the same refusal, untried: each try would be
   * one more failed login, which some providers count towards locking the account.
   */
  failDueForSmtpRefusal(accountId: number, error: string, now: number): number[] {
    return this.db
      .prepare(
        `UPDATE outbox SET state = 'failed', last_error = ?, last_error_code = 'SMTP_AUTH_FAILED', retry_at = NULL
         WHERE account_id = ? AND state = 'queued' AND send_at <= ? AND coalesce(retry_at, 0) <= ?
         RETURNING id`
      )
      .pluck()
      .all(error, accountId, now, now) as number[]
  }

  /**
   * Signed in again, or new server settings: what the SMTP server refused to sign in for goes
   * again with the next pass, as Retry would send it (the server answered before taking it).
   */
  releaseSmtpRefused(accountId: number, now: number): number {
    return this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', send_at = min(send_at, ?), retry_at = NULL, waiting_online = 0,
           offline_attempts = 0 WHERE account_id = ? AND state = 'failed' AND last_error_code = 'SMTP_AUTH_FAILED'`
      )
      .run(now, accountId).changes
  }

  /**
   * An archive signed in to again (active once more): what failed only because the mailbox was
   * archived goes back in the queue at its own time, so scheduled mail waits for it and overdue
   * mail goes now. One archived mid-send keeps its look in Sent (sent_check_due, maybe_delivered):
   * it may have gone. What the SMTP server refused before the archive keeps its error.
   */
  releaseArchived(accountId: number): number {
    return this.db
      .prepare(
        `UPDATE outbox SET ${REQUEUED_UNTRIED}
         WHERE account_id = ? AND state = 'failed' AND last_error_code = 'ACCOUNT_ARCHIVED' AND ${ACCOUNT_CAN_SEND}`
      )
      .run(accountId).changes
  }

  /** Over the daily cap for now: it waits, untried, until the 24-hour window lets it go. */
  holdForCap(id: number, reason: string, until: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET last_error = ?, last_error_code = 'SEND_CAP_REACHED', retry_at = ?, waiting_online = 0
           WHERE id = ? AND state = 'queued'`
      )
      .run(reason, until, id)
  }

  /**
   * No connection to even try: the row keeps its state (an accepted one must never be resent).
   * `code`: why, as the Outbox says it in the user's language (no connection, or sign in again).
   */
  deferOffline(id: number, error: string, retryAt: number, code: ErrorCode = 'HOST_UNREACHABLE'): void {
    // A message that may already have been delivered keeps saying so: being offline only delays
    // the look in Sent that settles it, and "offline" alone would hide that it may have gone.
    this.db
      .prepare(
        `UPDATE outbox SET
           last_error = CASE WHEN maybe_delivered = 1 THEN last_error ELSE ? END,
           last_error_code = CASE WHEN maybe_delivered = 1 THEN last_error_code ELSE ? END,
           retry_at = ?, waiting_online = 1, offline_attempts = offline_attempts + 1 WHERE id = ?`
      )
      .run(error, code, retryAt, id)
  }

  /**
   * An attempt failed for a reason other than the network (the IMAP server refused the look in
   * Sent, a write refused on this computer): the row keeps its state, so one that may have gone
   * is still looked for in Sent first, and waits until `retryAt`. One that may have been
   * delivered keeps saying so, as offline (deferOffline). Counted in offline_attempts (tries in a
   * row that got no answer from the SMTP server), for the backoff: `attempts` counts only tries
   * that got as far as marking it sending, and one failing before that waited 15-30 s for ever.
   */
  deferAfterError(id: number, error: string, code: ErrorCode, retryAt: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET last_error = CASE WHEN maybe_delivered = 1 THEN last_error ELSE ? END,
           last_error_code = CASE WHEN maybe_delivered = 1 THEN last_error_code ELSE ? END,
           retry_at = ?, waiting_online = 0, offline_attempts = offline_attempts + 1
         WHERE id = ? AND state IN ('queued', 'sending', 'accepted')`
      )
      .run(error, code, retryAt, id)
  }

  /** `code`: what kind of failure `error` tells (the server's own words are SEND_FAILED or SEND_DEFERRED). */
  markFailed(id: number, error: string, code: ErrorCode): void {
    this.db
      .prepare(
        "UPDATE outbox SET state = 'failed', last_error = ?, last_error_code = ?, retry_at = NULL WHERE id = ?"
      )
      .run(error, code, id)
  }

  /**
   * The user asks to send now (or again): due at once, with no backoff. A message that may have
   * been delivered goes again too: the user chose to, so a Sent that cannot be read to check
   * does not stop it this time.
   */
  requeue(id: number, now: number): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', send_at = min(send_at, ?), retry_at = NULL, waiting_online = 0,
           offline_attempts = 0, maybe_delivered = 0,
           resend_confirmed = CASE WHEN state = 'failed'
             THEN last_error_code IN ('SEND_UNCONFIRMED', 'SENT_UNREADABLE') ELSE resend_confirmed END
         WHERE id = ? AND state IN ('queued', 'failed')`
      )
      .run(now, id)
  }

  /**
   * Retry on a failed message scheduled for a time still ahead: back on its schedule, untried,
   * and no longer saying why it failed (the reason no longer holds).
   */
  backOnSchedule(id: number): void {
    this.db.prepare(`UPDATE outbox SET ${REQUEUED_UNTRIED} WHERE id = ? AND state = 'failed'`).run(id)
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

  undoDelaySeconds(): number | null {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'outbox.undoDelaySeconds'").get() as
      { value: string } | undefined
    return row ? Number(row.value) : null
  }

  setUndoDelaySeconds(seconds: number): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value) VALUES ('outbox.undoDelaySeconds', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`
      )
      .run(String(seconds))
  }
}
