// The per-account daily send cap: what it counts (the outbox's rows) and what it allows. It is
// checked when a message is queued, when the user sends one now (or again), and just before a
// due message goes, so no way around it sends more than the cap in 24 hours.
import type { Database } from 'better-sqlite3'
import type { AccountRecord } from '../accounts/account-repository'
import { claimLive } from '../db/process-claim'
import { CoreError } from '../errors'
import { capWaitUntil, GMAIL_DAILY_WARNING, isGmailLike } from './outbox-state'

const DAY_MS = 24 * 60 * 60_000
/** A cap hold made by a message still in an attempt is looked at again this soon. */
const IN_FLIGHT_RECHECK_MS = 60_000
/**
 * An outbox row placed by the time it goes, within 24 hours either side of `@at`: its send time,
 * or later its retry time (one the cap holds goes when the 24-hour window lets it, a day after
 * its send time perhaps), an overdue one at `@now` (it goes now). Also how an accepted row is
 * placed: the SMTP server took it, but its sent_at is written only once its Sent copy is saved.
 */
const GOES_AT = 'max(send_at, coalesce(retry_at, 0), @now)'
const GOING_BY_THEN = `(${GOES_AT} < @at + @day AND ${GOES_AT} > @at - @day)`

export class SendCapRepository {
  constructor(private readonly db: Database) {}

  /**
   * What a daily cap counts for a message going out at `at`: mail sent in the 24 hours before
   * (`sent`, with mail the server accepted), and mail waiting to go (or going) by 24 hours after,
   * overdue included (`waiting`). Mail scheduled for a later day is counted on that day, not
   * against today's cap. A row for refused recipients is part of a message already counted;
   * `exceptId` leaves out the row a check is made for. `now`: overdue mail goes now, so it counts
   * for a message going within 24 hours of now, not for one next week. The two are told apart
   * because only `sent` went out: waiting mail called "sent" tells of mail that never left.
   */
  countedForCap(
    accountId: number,
    at: number,
    exceptId: number | null = null,
    now: number = at
  ): { sent: number; waiting: number } {
    return this.db
      .prepare(
        `SELECT
            count(*) FILTER (WHERE state = 'sent' AND sent_at > @at - @day
              OR state = 'accepted' AND ${GOING_BY_THEN}) AS sent,
            count(*) FILTER (WHERE state IN ('queued', 'sending') AND ${GOING_BY_THEN}) AS waiting
          FROM outbox WHERE account_id = @accountId AND completes_id IS NULL AND id IS NOT @exceptId`
      )
      .get({ accountId, at, day: DAY_MS, exceptId, now }) as { sent: number; waiting: number }
  }

  /**
   * When the account's messages went out in the 24 hours before `now`, for the cap (`sent`), and
   * how many are in an attempt (this process's or another's) or were taken by the SMTP server
   * with their Sent copy still to be saved (`inFlight`): those went, or may have, just now, or a
   * message due beside them would go too. An attempt counts from its claim, while its row is
   * still queued (the Sent folder is looked up before `sending` is recorded): the cap let it go,
   * and another process checking its own next message then must count it. A claim left by a
   * process that is gone sent nothing from a queued row. `exceptId`: the row the check is for.
   */
  sentTimes(
    accountId: number,
    now: number,
    exceptId: number | null = null
  ): { sent: number[]; inFlight: number } {
    const rows = this.db
      .prepare(
        `SELECT state, sent_at, claimed_by FROM outbox
          WHERE account_id = @accountId AND completes_id IS NULL AND id IS NOT @exceptId
            AND (state = 'sent' AND sent_at > @now - @day OR state IN ('sending', 'accepted')
              OR state = 'queued' AND claimed_by IS NOT NULL)`
      )
      .all({ accountId, now, day: DAY_MS, exceptId }) as Array<{
      state: string
      sent_at: number | null
      claimed_by: string | null
    }>
    const sent = rows.filter((r) => r.state === 'sent').map((r) => r.sent_at!)
    const inFlight = rows.filter(
      (r) => r.state !== 'sent' && (r.state !== 'queued' || claimLive(this.db, r.claimed_by!))
    )
    return { sent, inFlight: inFlight.length }
  }

  dailyCap(accountId: number): number | null {
    const row = this.db.prepare('SELECT daily_cap FROM outbox_limits WHERE account_id = ?').get(accountId) as
      { daily_cap: number | null } | undefined
    return row?.daily_cap ?? null
  }

  setDailyCap(accountId: number, cap: number | null): void {
    this.db
      .prepare(
        `INSERT INTO outbox_limits (account_id, daily_cap) VALUES (?, ?)
         ON CONFLICT (account_id) DO UPDATE SET daily_cap = excluded.daily_cap`
      )
      .run(accountId, cap)
  }
}

/**
 * Refuses a message going out at `sendAt` past the account's daily cap (`exceptId`: the row the
 * check is for, when it is already queued and counted). Returns the Gmail warning, if any.
 */
export function checkCap(
  caps: SendCapRepository,
  account: AccountRecord,
  sendAt: number,
  exceptId: number | null = null,
  now: number = sendAt
): string | null {
  const { sent, waiting } = caps.countedForCap(account.id, sendAt, exceptId, now)
  const cap = caps.dailyCap(account.id)
  if (cap !== null && sent + waiting >= cap) {
    throw new CoreError(
      'SEND_CAP_REACHED',
      `${account.email} has reached its daily cap of ${cap} messages: ${sent} sent and ${waiting} waiting in the Outbox to go within 24 hours of this one. Raise the daily send limit in Mailbox settings, or send later.`
    )
  }
  if (isGmailLike(account.email, account.smtp.host) && sent + waiting + 1 >= GMAIL_DAILY_WARNING) {
    return `With this one, ${account.email} sends ${sent + waiting + 1} messages within 24 hours (${sent} already sent); Gmail stops sending at about ${GMAIL_DAILY_WARNING} a day.`
  }
  return null
}

/**
 * Whether a due message must wait for the cap's 24-hour window (the cap was lowered, or more went
 * out since it was queued): until when, and the reason to show; null when it may go now.
 */
export function capHold(
  caps: SendCapRepository,
  account: AccountRecord,
  now: number,
  exceptId: number | null = null
): { until: number; reason: string } | null {
  const cap = caps.dailyCap(account.id)
  if (cap === null) return null
  const { sent, inFlight } = caps.sentTimes(account.id, now, exceptId)
  const counted = [...sent, ...Array<number>(inFlight).fill(now)]
  const latest = capWaitUntil(counted, cap, now)
  if (latest === null) return null
  // A message in an attempt may yet turn out not to have gone (refused, or not in Sent after a
  // crash): the hold it makes is looked at again soon, not kept for a day for mail that never left.
  const settled = capWaitUntil(sent, cap, now)
  const until = inFlight > 0 ? Math.min(latest, Math.max(settled ?? 0, now + IN_FLIGHT_RECHECK_MS)) : latest
  const going = inFlight > 0 ? `, ${inFlight} more ${inFlight === 1 ? 'is' : 'are'} being sent now` : ''
  return {
    until,
    // The number sent, which is more than the cap when the cap was lowered.
    reason: `${account.email} has sent ${sent.length} messages in the last 24 hours${going}, and its daily cap is ${cap}: this one waits until the 24-hour window allows it. To send it sooner, raise the daily send limit in Mailbox settings, then use Send now.`
  }
}
