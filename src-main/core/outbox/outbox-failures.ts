// The writes for mail that did not go: an attempt the server put off or refused, a wait for a
// connection, a sign-in or the daily cap, and the ways failed mail goes back in the queue.
import type { ErrorCode } from '../../../src-preload/contract'
import { OutboxClaims } from './outbox-claims'
import { ACCOUNT_CAN_SEND } from './outbox-reads'

// An attempt's "try again later" (4xx, no server, a refused login) puts back in the queue only a
// row still in that attempt. One settled meanwhile stays as it is: failed when its mailbox was
// archived during the attempt, it goes back in the queue once the archive is signed in again
// (releaseArchived), not while the mailbox is an archive.
const STILL_IN_ATTEMPT = "state = 'sending'"

/** Back in the queue at its own send time, untried, and no longer saying why it failed. */
const REQUEUED_UNTRIED = `state = 'queued', retry_at = NULL, waiting_online = 0, offline_attempts = 0,
  last_error = NULL, last_error_code = NULL`

/** Setbacks on the way out, under the writes of a message that goes (OutboxRepository). */
export class OutboxFailures extends OutboxClaims {
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
}
