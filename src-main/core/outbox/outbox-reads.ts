// The outbox's rows as the rest of the core reads them (OutboxRecord), and the queries that find
// them; the writes that move a row from state to state are OutboxRepository's (and, for mail that
// did not go, OutboxFailures').
import type { Database } from 'better-sqlite3'
import type { ErrorCode } from '../../../src-preload/contract'
import { claimLive } from '../db/process-claim'
import { isDue, type OutboxRow, type OutboxState } from './outbox-state'

// The scheduler leaves mail of a paused account ("sign in again") alone: retrying would only
// repeat a login the server refuses, which some providers punish by locking the account. The
// pass that follows signing in again sends it.
export const ACCOUNT_CAN_SEND =
  "(SELECT state FROM accounts WHERE accounts.id = outbox.account_id) = 'active'"
/** A sent row whose refused Sent copy is to be tried again on its own. */
const COPY_RETRY = "state = 'sent' AND sent_copy_error IS NOT NULL AND sent_copy_retry_at IS NOT NULL"
/** A row a running process other than this one has claimed (nextDueAt): not before @heldUntil. */
const HELD_ELSEWHERE =
  'CASE WHEN claimed_by IN (SELECT value FROM json_each(@held)) THEN @heldUntil ELSE 0 END'

export type OutboxRecord = OutboxRow & {
  id: number
  accountId: number
  messageId: string
  subject: string
  recipients: string[]
  /**
   * The message's Cc and Bcc addresses (migration 0051): those of `recipients` in neither were in
   * its To. A row for refused recipients has its message's, of which it sends to some.
   */
  cc: string[]
  bcc: string[]
  size: number
  /** Tries in a row that found no connection, IMAP or SMTP (for the offline backoff). */
  offlineAttempts: number
  /** Tries the SMTP server refused for now (4xx): the retry limit counts only these. */
  refusedAttempts: number
  /**
   * For recipients refused while the message went to the others: the row whose message this one
   * completes. Such a row shares its bytes and Message-ID, so Sent already holds its copy.
   */
  completesId: number | null
  /**
   * An attempt handed the whole message over and lost the connection before the server's answer:
   * it may have been delivered, so it is not sent again unless the user asks (Retry).
   */
  maybeDelivered: boolean
  /**
   * An attempt started whose outcome is not known (a crash, a connection lost after the data went
   * over): it may have gone, so Sent is looked at for the Message-ID before the next one.
   */
  sentCheckDue: boolean
  /**
   * The user chose Retry on a message that may have gone already: this attempt sends it even when
   * Sent cannot be read to check (a Sent that can be read is still looked at first).
   */
  resendConfirmed: boolean
  lastError: string | null
  /** What kind of failure lastError tells: SEND_FAILED and SEND_DEFERRED are the server's own words. */
  lastErrorCode: ErrorCode | null
  threadId: number | null
  sentFolder: string | null
  /** Sent, but the server refused the copy for Sent: its words (the row keeps its bytes meanwhile). */
  sentCopyError: string | null
  /** When the refused copy is tried again on its own (a refusal for now), or null: on Retry. */
  sentCopyRetryAt: number | null
  /** The copy's tries refused so far, which set the wait before the next (sent-copy-retry.ts). */
  sentCopyAttempts: number
  createdAt: number
  sentAt: number | null
}

type Row = {
  id: number
  account_id: number
  message_id: string
  subject: string
  recipients_json: string
  cc_json: string
  bcc_json: string
  size: number
  state: OutboxState
  send_at: number
  retry_at: number | null
  waiting_online: number
  attempts: number
  offline_attempts: number
  refused_attempts: number
  completes_id: number | null
  maybe_delivered: number
  sent_check_due: number
  resend_confirmed: number
  last_error: string | null
  last_error_code: ErrorCode | null
  thread_id: number | null
  sent_folder: string | null
  sent_copy_error: string | null
  sent_copy_retry_at: number | null
  sent_copy_attempts: number
  created_at: number
  sent_at: number | null
}

const COLUMNS = `id, account_id, message_id, subject, recipients_json, cc_json, bcc_json, size, state, send_at, retry_at,
  waiting_online, attempts, offline_attempts, refused_attempts, completes_id, maybe_delivered, sent_check_due, resend_confirmed, last_error, last_error_code,
  thread_id, sent_folder, sent_copy_error, sent_copy_retry_at, sent_copy_attempts, created_at, sent_at`

function toRecord(r: Row): OutboxRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    messageId: r.message_id,
    subject: r.subject,
    recipients: JSON.parse(r.recipients_json) as string[],
    cc: JSON.parse(r.cc_json) as string[],
    bcc: JSON.parse(r.bcc_json) as string[],
    size: r.size,
    state: r.state,
    sendAt: r.send_at,
    retryAt: r.retry_at,
    waitingOnline: r.waiting_online === 1,
    attempts: r.attempts,
    offlineAttempts: r.offline_attempts,
    refusedAttempts: r.refused_attempts,
    completesId: r.completes_id,
    maybeDelivered: r.maybe_delivered === 1,
    sentCheckDue: r.sent_check_due === 1,
    resendConfirmed: r.resend_confirmed === 1,
    lastError: r.last_error,
    lastErrorCode: r.last_error_code,
    threadId: r.thread_id,
    sentFolder: r.sent_folder,
    sentCopyError: r.sent_copy_error,
    sentCopyRetryAt: r.sent_copy_retry_at,
    sentCopyAttempts: r.sent_copy_attempts,
    createdAt: r.created_at,
    sentAt: r.sent_at
  }
}

/** The queries over the outbox table; OutboxRepository adds the writes. */
export class OutboxReads {
  constructor(protected readonly db: Database) {}

  find(id: number): OutboxRecord | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as Row | undefined
    return row ? toRecord(row) : null
  }

  /** The unsent rows for recipients refused while this message went to the others. */
  refusedRows(id: number): OutboxRecord[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE completes_id = ? AND state != 'sent' ORDER BY id`)
      .all(id) as Row[]
    return rows.map(toRecord)
  }

  raw(id: number): Buffer | null {
    const row = this.db.prepare('SELECT raw FROM outbox WHERE id = ?').get(id) as { raw: Buffer | null }
    return row?.raw ?? null
  }

  /** Unsent mail and sent mail whose Sent copy failed (with includeSent, all sent lately), oldest first. */
  list(filter: { accountId?: number; includeSent?: boolean }): OutboxRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE (@accountId IS NULL OR account_id = @accountId)
           AND (@includeSent = 1 OR state != 'sent' OR sent_copy_error IS NOT NULL) ORDER BY send_at, id`
      )
      .all({ accountId: filter.accountId ?? null, includeSent: filter.includeSent ? 1 : 0 }) as Row[]
    return rows.map(toRecord)
  }

  /** The account's rows a flush should run now, in the order they were meant to go. */
  due(accountId: number, now: number, online: boolean): OutboxRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND state IN ('queued', 'sending', 'accepted')
           AND send_at <= ? ORDER BY send_at, id`
      )
      .all(accountId, now) as Row[]
    return rows.map(toRecord).filter((r) => isDue(r, now, online))
  }

  /** The account's rows the SMTP server took that are in no conversation yet (a crash after its 250). */
  acceptedUnstored(accountId: number): OutboxRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND state = 'accepted' AND thread_id IS NULL`
      )
      .all(accountId) as Row[]
    return rows.map(toRecord)
  }

  /** The account's sent rows whose refused Sent copy is due to be tried again on its own. */
  sentCopiesDue(accountId: number, now: number): OutboxRecord[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND ${COPY_RETRY} AND sent_copy_retry_at <= ? ORDER BY id`
      )
      .all(accountId, now) as Row[]
    return rows.map(toRecord)
  }

  /**
   * The earliest time any unsent row, or refused Sent copy, of any account becomes due, for the
   * scheduler's timer. `held`: a row a running process other than `owner` has claimed for its
   * attempt is looked at no sooner than `until`. It is due, but only that process may send it, and
   * waking for it at once woke every 250 ms while that attempt lasted (a fresh IMAP login each time
   * in a process without a real-time session, such as `rapport send` beside the app). A claim left
   * by a process that is gone is taken over (OutboxRepository.claim): that row is due as it was.
   */
  nextDueAt(held?: { owner: string; until: number }): number | null {
    const row = this.db
      .prepare(
        `SELECT min(at) AS at FROM (
           SELECT max(send_at, coalesce(retry_at, 0), ${HELD_ELSEWHERE}) AS at FROM outbox
            WHERE state IN ('queued', 'sending', 'accepted') AND ${ACCOUNT_CAN_SEND}
           UNION ALL
           SELECT max(sent_copy_retry_at, ${HELD_ELSEWHERE}) FROM outbox WHERE ${COPY_RETRY} AND ${ACCOUNT_CAN_SEND})`
      )
      .get({
        held: JSON.stringify(held ? this.liveClaimsOfOthers(held.owner) : []),
        heldUntil: held?.until ?? 0
      }) as { at: number | null }
    return row.at
  }

  /** The claims on outbox rows that running processes other than `owner` hold now. */
  private liveClaimsOfOthers(owner: string): string[] {
    const claims = this.db
      .prepare('SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND claimed_by != ?')
      .pluck()
      .all(owner) as string[]
    return claims.filter((claim) => claimLive(this.db, claim))
  }

  accountsWithDue(now: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT account_id FROM outbox WHERE ((state IN ('queued', 'sending', 'accepted')
           AND send_at <= @now AND coalesce(retry_at, 0) <= @now) OR (${COPY_RETRY} AND sent_copy_retry_at <= @now))
           AND ${ACCOUNT_CAN_SEND}`
      )
      .all({ now }) as Array<{ account_id: number }>
    return rows.map((r) => r.account_id)
  }
}
