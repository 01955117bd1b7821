// The real-time loop's IDLE on INBOX (AccountWatcher runs one round at a time in the account's
// lane): catching up with a NOOP or a fresh SELECT, then IDLE until other work needs the session,
// the watchdog cuts in or the connection drops; and the waits when the server refuses IDLE or INBOX.
import type { ImapFlow, MailboxObject } from 'imapflow'
import { inboxRefusal, sessionOpen } from '../mail-server/guarded-commands'
import { keptAlive } from '../mail-server/imap-session'
import { backoffDelay } from './backoff'
import type { RealtimeSettings } from './realtime-settings'
import type { SyncService } from './sync-service'

/** An IDLE not refused within this time was accepted (see SyncState.pushPaused). */
const IDLE_TAKEN_MS = 2_000

/** What a round reads of the watcher that runs it, and the pass it asks the watcher for. */
export type IdleWatcher = {
  /** INBOX may hold mail no pass stored (AccountWatcher.inboxInDoubt): only a fresh SELECT shows it. */
  inboxInDoubt(): boolean
  /** The account's poll interval now: Mailbox settings may change it while the session is up. */
  pollIntervalMs(): number
  /** Queues a pass over INBOX (coalesced), which ends the round through the lane. */
  passInbox(): void
}

/** IDLE rounds on one account's sessions, one after another, with what they learn in between. */
export class InboxIdle {
  private interrupted = false
  private inIdle = false
  /** IDLEs the server refused in a row: the wait before the next try grows with it. */
  private refusedIdles = 0
  private endRefusalWait: (() => void) | null = null
  private breakDeadline: NodeJS.Timeout | undefined
  /** When breakDeadline fires (performance.now()): a break asking for an earlier one replaces it. */
  private breakDue: number | undefined
  /** The last INBOX state inboxMovedWhileBusy asked a pass for (JSON of its snapshot). */
  private lastBehindSnapshot: string | null = null
  /** When inboxUnwatched last asked for an INBOX pass (performance.now()). */
  private unwatchedPassAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly accountId: number,
    private readonly sync: SyncService,
    private readonly settings: RealtimeSettings,
    private readonly watcher: IdleWatcher
  ) {}

  /** True from a round's NOOP or SELECT to the end of its IDLE. */
  get idling(): boolean {
    return this.inIdle
  }

  /** A new session may be let IDLE: a refusal on the last one starts the waits over. */
  sessionStarted(): void {
    this.refusedIdles = 0
  }

  /** Ends a wait after a refusal now (the watcher stops). */
  endWait(): void {
    this.endRefusalWait?.()
  }

  /** Waits in IDLE on INBOX until other work needs the session, the watchdog cuts in, or the connection drops. */
  async round(client: ImapFlow): Promise<void> {
    this.interrupted = false
    this.inIdle = true
    try {
      const selected = client.mailbox
      if (selected && selected.path === 'INBOX' && selected.readOnly && !this.watcher.inboxInDoubt()) {
        // Still selected since the INBOX pass: a NOOP collects what changed meanwhile as EXISTS,
        // EXPUNGE or FETCH events, which schedule a pass. Selecting it again before every IDLE
        // cost Dovecot 0.12-0.35 s at 100k messages even when nothing had changed (a NOOP: 1 ms),
        // and the lane waited for it. imapflow's noop() never reports a failure: a session the
        // server ended (a BYE) shows in sessionOpen, and the loop then reconnects.
        // Other work (a "sync older mail" batch) may have selected it since, its SELECT showing
        // mail that arrived meanwhile, which no NOOP reports again.
        if (this.inboxMovedWhileBusy(selected)) return this.watcher.passInbox()
        await client.noop()
        if (this.interrupted || !sessionOpen(client)) return
      } else {
        const opened = await client.mailboxOpen('INBOX', { readOnly: true }).catch(inboxRefusal)
        // Checked before any wait: work queued or stop() while the SELECT was out has none to end.
        if (this.interrupted || !sessionOpen(client)) return
        // The server will not open INBOX for this mailbox, for good (its pass recorded why) or
        // for now: there is nothing to IDLE on. Reconnecting would run a full pass each time;
        // wait as after a refused IDLE instead, while the other folders are polled, and try again.
        if ('refused' in opened) return await this.waitAfterRefusal(client)
        const mailbox = opened
        if (this.inboxMovedWhileBusy(mailbox)) return this.watcher.passInbox()
        if (this.inboxUnwatched(selected, mailbox)) return this.watcher.passInbox()
      }
      // A NOOP sent in the instant before IDLE is on the wire cannot break it: repeat until it does.
      const kick = setInterval(() => {
        if (this.interrupted) void client.noop().catch(() => undefined)
      }, 1_000)
      try {
        // A refusal comes back within a round trip: an IDLE still open by now was accepted, and
        // new mail is pushed again (the IDLE itself may last minutes).
        const accepted = setTimeout(() => this.sync.setPushPaused(this.accountId, false), IDLE_TAKEN_MS)
        // imapflow answers an IDLE that failed (not one that was ended) with false; it throws on
        // a socket already gone, and the timer must not then call a dead session's IDLE taken.
        const idled = await client.idle().finally(() => clearTimeout(accepted))
        const failed = idled === false && !this.interrupted
        if (!failed) {
          this.refusedIdles = 0
          if (idled !== false) this.sync.setPushPaused(this.accountId, false)
        } else if (sessionOpen(client)) {
          // The server refused IDLE (Microsoft 365 answers "NO Request is throttled").
          // Reconnecting would run a full pass each time, about once a second, against a server
          // asking for less: wait instead, longer each time; the next round's NOOP reports new mail.
          this.sync.setPushPaused(this.accountId, true)
          await this.waitAfterRefusal(client)
        } else client.close()
      } finally {
        clearInterval(kick)
      }
    } finally {
      this.inIdle = false
      clearTimeout(this.breakDeadline)
      this.breakDeadline = undefined
      this.breakDue = undefined
    }
  }

  /**
   * Mail that arrives between the end of a pass and this SELECT is reported in the SELECT
   * response, never as an EXISTS event, so IDLE alone would sit on it until the next change.
   * Schedules at most one pass per server state, so a pass that keeps failing cannot spin.
   */
  private inboxMovedWhileBusy(mailbox: MailboxObject): boolean {
    const snapshot = {
      uidValidity: Number(mailbox.uidValidity),
      uidNext: mailbox.uidNext,
      highestModseq: mailbox.highestModseq !== undefined ? String(mailbox.highestModseq) : null
    }
    const key = JSON.stringify(snapshot)
    if (key === this.lastBehindSnapshot || !this.sync.inboxBehind(this.accountId, snapshot)) return false
    this.lastBehindSnapshot = key
    return true
  }

  /**
   * Without CONDSTORE a SELECT reports no HIGHESTMODSEQ, so inboxMovedWhileBusy cannot see a flag
   * change or an expunge another program made in INBOX while the session had another folder
   * selected (a poll, a push, the rest of a full pass), and IDLE reports only what changes from
   * now on: an INBOX pass (its UID and flag comparison) is what finds them. Not after a failed
   * pass, which the retries and polls already pass over again (so a failing pass cannot spin).
   */
  private inboxUnwatched(selected: MailboxObject | false | null | undefined, inbox: MailboxObject): boolean {
    if (inbox.highestModseq !== undefined && inbox.highestModseq !== null) return false
    if (selected && selected.path === 'INBOX') return false
    if (this.sync.needsFullPass(this.accountId)) return false
    // At most once per poll interval: each batch of "Sync older mail" leaves INBOX too, and a
    // flag comparison of a large INBOX after every one of them would cost more than it finds.
    const now = performance.now()
    if (now - this.unwatchedPassAt < this.watcher.pollIntervalMs()) return false
    this.unwatchedPassAt = now
    return true
  }

  /**
   * Waits after a refused IDLE, as a reconnect would, but at most one poll interval. Nothing is
   * in flight on the session meanwhile, so keptAlive's NOOPs keep imapflow from closing it as a
   * stalled one (and report new mail); interrupt, stop() or the connection closing end the wait.
   */
  private async waitAfterRefusal(client: ImapFlow): Promise<void> {
    const backoff = backoffDelay(this.refusedIdles++, this.settings.reconnect)
    let end = (): void => undefined
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(backoff, this.watcher.pollIntervalMs()))
      end = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.endRefusalWait = end
    client.once('close', end)
    try {
      await keptAlive(client, () => waited)
    } finally {
      client.off('close', end)
      this.endRefusalWait = null
    }
  }

  /**
   * Other work needs the session (or the user is waiting): IDLE gives way, and a connection that
   * has not ended it within `deadlineMs` is closed.
   */
  interrupt(client: ImapFlow, deadlineMs = this.settings.noopTimeoutMs): void {
    this.interrupted = true
    this.endRefusalWait?.()
    void client.noop().catch(() => undefined)
    // A dead connection never answers DONE, and the work that interrupted IDLE (the watchdog's
    // own NOOP included) waits behind it in the lane: close it, so the loop reconnects.
    if (!this.inIdle) return
    // On the timers' own clock: the wall clock jumps forward after sleep while timers stand still,
    // and a deadline set before the sleep would otherwise look due already and never be shortened.
    const due = performance.now() + deadlineMs
    if (this.breakDue !== undefined && this.breakDue <= due) return
    clearTimeout(this.breakDeadline)
    this.breakDue = due
    this.breakDeadline = setTimeout(() => client.close(), deadlineMs)
  }
}
