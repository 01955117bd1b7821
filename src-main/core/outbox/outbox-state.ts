// The outbox's rules, free of I/O so they can be tested on their own: which states allow which
// user actions, what a failed attempt leads to, and which rows a flush picks up.
import { NETWORK_CODES } from '../mail-server/network-codes'
import { isTlsFailure } from '../mail-server/server-errors'
import { backoffDelay, type BackoffPolicy } from '../sync/backoff'

export type OutboxState = 'queued' | 'sending' | 'accepted' | 'sent' | 'failed'

/** What the user sees: a queued message before its time is "scheduled" (undo window, send later). */
export type VisibleState = 'scheduled' | 'queued' | 'sending' | 'sent' | 'failed'

export type OutboxRow = {
  state: OutboxState
  sendAt: number
  retryAt: number | null
  waitingOnline: boolean
  attempts: number
}

export const UNDO_DELAY = { min: 5, max: 60, default: 10 } as const
/** Gmail and Google Workspace stop sending at about 500 messages a day from a normal account. */
export const GMAIL_DAILY_WARNING = 500
/**
 * Tries the SMTP server answered with a temporary refusal (4xx) before the message fails; tries
 * that reached no server do not count, so "offline" is retried until it is online.
 */
export const MAX_TEMPORARY_ATTEMPTS = 6
export const RETRY: BackoffPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 }
export const OFFLINE_RETRY: BackoffPolicy = { baseMs: 15_000, maxMs: 5 * 60_000 }

export function visibleState(
  row: Pick<OutboxRow, 'state' | 'sendAt' | 'attempts'>,
  now: number
): VisibleState {
  if (row.state === 'accepted') return 'sending'
  if (row.state === 'queued' && row.attempts === 0 && row.sendAt > now) return 'scheduled'
  return row.state
}

/** Undo and delete: possible until an attempt has started, and for a failed message. */
export function canCancel(state: OutboxState): boolean {
  return state === 'queued' || state === 'failed'
}

export function canRetry(state: OutboxState): boolean {
  return state === 'failed' || state === 'queued'
}

/**
 * Whether a flush should run this row now. Coming back online (`online`) retries a row that
 * only waited for a connection at once, without waiting out its backoff.
 */
export function isDue(row: OutboxRow, now: number, online: boolean): boolean {
  if (row.state === 'sent' || row.state === 'failed') return false
  if (row.sendAt > now) return false
  if (row.retryAt === null || row.retryAt <= now) return true
  return online && row.waitingOnline
}

export type FailureKind = 'offline' | 'temporary' | 'permanent'

type SmtpErrorLike = { code?: string; responseCode?: number }

const OFFLINE_CODES = new Set([...NETWORK_CODES, 'ECONNECTION', 'ESOCKET', 'EDNS', 'HOST_UNREACHABLE'])

/**
 * 5xx (and a refused login) is final; 4xx is worth retrying; no answer at all means offline. A
 * certificate the client refuses is final too: nodemailer reports it as a socket error (ESOCKET),
 * but retrying cannot make the certificate valid.
 */
export function classifySendError(error: unknown): FailureKind {
  const e = (error ?? {}) as SmtpErrorLike
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500) return 'permanent'
    if (e.responseCode >= 400) return 'temporary'
  }
  if (['EAUTH', 'AUTH_FAILED', 'TLS_INVALID', 'TLS_MISMATCH'].includes(e.code ?? '')) return 'permanent'
  if (isTlsFailure(error)) return 'permanent'
  if (e.code && OFFLINE_CODES.has(e.code)) return 'offline'
  return 'temporary'
}

/**
 * An attempt failed after the whole message, final dot included, had gone to the SMTP server,
 * and no reply came (the connection dropped or timed out): the server may have delivered it. Any
 * reply (4xx, 5xx) says it did not. Unless Sent holds it, only the user's Retry sends it again.
 */
export function mayHaveBeenDelivered(error: unknown, handedOver: boolean): boolean {
  const e = (error ?? {}) as SmtpErrorLike
  return handedOver && typeof e.responseCode !== 'number'
}

/** Why such a message waits, until Sent is looked at. */
export function awaitingSentCheckText(host: string): string {
  return `The connection to the SMTP server ${host} was lost after the message was handed over, before the server confirmed it, so it may already have been delivered. Rapport looks for it in Sent once the mailbox is reachable, and does not send it again on its own.`
}

/** Why such a message failed: Sent does not show it, and sending it again is the user's call. */
export function maybeDeliveredText(host: string): string {
  return `The connection to the SMTP server ${host} was lost after the message was handed over, before the server confirmed it. It may already have been delivered, so Rapport did not send it again, to avoid a duplicate. If the recipients did not get it, choose Retry to send it again.`
}

/** messages.send's answer when its attempt's outcome could not be recorded (it may have gone). */
export const UNRECORDED_ATTEMPT =
  'Rapport began sending this message and could not record how that ended, so it may already have gone. It looks for the message in Sent before trying again, and sends it only if it is not there: do not send it again yourself.'

/** Why mail waiting to go failed when its mailbox was disconnected and kept as an archive. */
export const NOT_SENT_FROM_ARCHIVE =
  'Not sent: the mailbox was disconnected and kept as a read-only archive. Sign in to it again to reconnect it, and it is sent (at its time, if scheduled), or send the text from another mailbox.'

/** The same for a message in an attempt then: until the server answers, it may have gone. */
export const MAY_HAVE_GONE_BEFORE_ARCHIVE =
  'The mailbox was disconnected and kept as a read-only archive while this message was being sent, so it may already have gone. Sign in to it again to reconnect it: Rapport looks for it in Sent first, and sends it only if it is not there.'

/** A message the SMTP server took whose Sent copy was still to be saved when its mailbox was archived. */
export const NO_COPY_BEFORE_ARCHIVE =
  'The mailbox was disconnected and kept as a read-only archive before the copy for its Sent folder was saved, so the server has no copy there.'

export type AfterFailure = { state: 'failed' } | { state: 'queued'; retryAt: number }

/**
 * Where a failed attempt leaves the message. `tries` counts this kind of failure so far, this one
 * included: for 'temporary' the tries the server refused with a 4xx (the limit counts only
 * those), for 'offline' the tries in a row that reached no server (they only set the backoff).
 */
export function afterFailure(
  kind: FailureKind,
  tries: number,
  now: number,
  random: () => number = Math.random
): AfterFailure {
  if (kind === 'permanent') return { state: 'failed' }
  if (kind === 'temporary' && tries >= MAX_TEMPORARY_ATTEMPTS) return { state: 'failed' }
  const policy = kind === 'offline' ? OFFLINE_RETRY : RETRY
  return { state: 'queued', retryAt: now + backoffDelay(tries - 1, policy, random) }
}

/**
 * When a message whose attempt failed for another reason than the network or the SMTP server's
 * answer (attempt-error.ts) is tried again: further off with each attempt, up to RETRY's maximum.
 * `attempts`: the tries in a row that failed so, this one included.
 */
export function retryAfterError(attempts: number, now: number, random: () => number = Math.random): number {
  return now + backoffDelay(Math.max(attempts, 1) - 1, RETRY, random)
}

const DAY_MS = 24 * 60 * 60_000

/**
 * When a daily cap of `cap` lets one more message go, given when the account's messages went
 * out in the last 24 hours: null if it may go now, else the moment the cap-th most recent of
 * them leaves the 24-hour window.
 */
export function capWaitUntil(sentAt: number[], cap: number, now: number): number | null {
  const recent = sentAt.filter((at) => at > now - DAY_MS).sort((a, b) => b - a)
  if (recent.length < cap) return null
  return recent[cap - 1]! + DAY_MS
}

/** A Gmail-like provider, by address or SMTP host: they cap sending at about 500 a day. */
export function isGmailLike(email: string, smtpHost: string): boolean {
  const domain = email.split('@')[1]?.toLowerCase() ?? ''
  return domain === 'gmail.com' || domain === 'googlemail.com' || /(^|\.)(gmail|google)\.com$/i.test(smtpHost)
}

export function clampUndoDelay(seconds: number): number {
  return Math.min(UNDO_DELAY.max, Math.max(UNDO_DELAY.min, Math.round(seconds)))
}
