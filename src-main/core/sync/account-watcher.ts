import type { ImapFlow } from 'imapflow'
import type { AccountRepository } from '../accounts/account-repository'
import { sessionLost, sessionOpen } from '../mail-server/guarded-commands'
import { CommandErrors, keptAlive } from '../mail-server/imap-session'
import { backoffDelay } from './backoff'
import type { PassScope } from './account-pass'
import { InboxIdle } from './inbox-idle'
import type { RealtimeSettings } from './realtime-settings'
import type { SyncService } from './sync-service'

export type WatcherDeps = { sync: SyncService; accounts: AccountRepository }

/** Codes after which reconnecting cannot help: the account waits for the user to sign in again. */
const PAUSING = new Set(['AUTH_FAILED', 'SECRET_MISSING'])

/**
 * Keeps one account live: a session that IDLEs on INBOX (InboxIdle), a full pass on every
 * (re)connect, INBOX passes when IDLE reports a change, polls of the other folders, a NOOP
 * watchdog, and reconnects with backoff. Stops for good when the server refuses the credentials.
 */
export class AccountWatcher {
  private stopped = false
  /** Aborted by stop(): a login to a server that does not answer would hold stop() for up to 30 s. */
  private readonly stopping = new AbortController()
  private client: ImapFlow | null = null
  private loop: Promise<void> | null = null
  private wake: (() => void) | null = null
  /** A login of the loop's own is under way (openSession). */
  private connecting = false
  /**
   * Other work reached the server (wakeUp) or the user asked to sync (hurry) while that login was
   * under way: if it fails (a connect begun while the network was down, waiting out its timeout),
   * the server is known reachable since, and the loop tries again without the reconnect wait.
   */
  private wokenWhileConnecting = false
  /** Failed connects in a row: the reconnect wait grows with it. */
  private attempt = 0
  private readonly queued = new Set<PassScope>()
  /** The IDLE rounds on INBOX, between the passes this loop schedules. */
  private readonly inboxIdle: InboxIdle
  /**
   * False only after a pass over INBOX ended well: until then, INBOX may hold mail no pass stored,
   * which only a fresh SELECT shows (a NOOP reports only what changes from now on).
   */
  private inboxInDoubt = true
  /** Failed passes in a row on the session kept after a failure: the next try waits longer. */
  private retries = 0
  private retryTimer: NodeJS.Timeout | undefined
  /** The account's own poll interval, which Mailbox settings may change while the session is up. */
  private pollIntervalMs: number
  private pollTimer: NodeJS.Timeout | undefined

  constructor(
    readonly accountId: number,
    private readonly deps: WatcherDeps,
    private readonly settings: RealtimeSettings
  ) {
    this.pollIntervalMs = settings.pollIntervalMs
    this.inboxIdle = new InboxIdle(accountId, deps.sync, settings, {
      inboxInDoubt: () => this.inboxInDoubt,
      pollIntervalMs: () => this.pollIntervalMs,
      passInbox: () => this.schedule('inbox')
    })
  }

  start(): void {
    this.loop ??= this.run()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.stopping.abort()
    this.wake?.()
    this.inboxIdle.endWait()
    this.client?.close()
    await this.loop
    this.deps.sync.setPushPaused(this.accountId, false)
  }

  /**
   * Other work just reached the server on a session of its own: a reconnect wait ends now (after
   * a long time offline it is minutes long). The backoff does not start over: a server that
   * drops every session just after its first pass would otherwise get a reconnect, with a full
   * pass, about once a second again whenever other work runs (stableAfterMs starts it over).
   */
  wakeUp(): void {
    if (this.connecting) this.wokenWhileConnecting = true
    this.wake?.()
  }

  /**
   * The user asked to sync. Besides ending a reconnect wait, IDLE gives way now, and a connection
   * that has not ended it within hurriedBreakMs is closed: on a silently dead connection the pass
   * would otherwise wait behind IDLE for the whole watchdog timeout. The pass then runs on a
   * session of its own, and the loop reconnects.
   */
  hurry(): void {
    this.attempt = 0
    if (this.connecting) this.wokenWhileConnecting = true
    this.wake?.()
    if (this.client && this.inboxIdle.idling)
      this.inboxIdle.interrupt(this.client, this.settings.hurriedBreakMs)
  }

  /** Every folder passed over soon, on this session (without one, the reconnect's first pass does it). */
  passAll(): void {
    if (this.client) this.schedule('all')
  }

  /**
   * A new poll interval, from the next poll on. The session stays: restarting the watcher for it
   * cut the pass under way (a new mailbox's first import is when its settings get opened) and
   * showed "offline" until the new session was up.
   */
  setPollInterval(ms: number): void {
    this.pollIntervalMs = ms
    if (this.pollTimer === undefined) return
    clearInterval(this.pollTimer)
    this.pollTimer = this.startPolling()
  }

  private startPolling(): NodeJS.Timeout {
    // A part a pass failed on (INBOX too) is passed over again with the other folders.
    return setInterval(
      () => this.schedule(this.deps.sync.needsFullPass(this.accountId) ? 'all' : 'others'),
      this.pollIntervalMs
    )
  }

  private async run(): Promise<void> {
    // Paused for sign-in (a login elsewhere was refused): "sign in again", whatever ended the
    // session (closed for the pause, or cut as providers do on a password reset).
    while (!this.stopped && !this.deps.sync.showIfPaused(this.accountId)) {
      try {
        await this.connectAndWatch()
      } catch (error) {
        if (this.stopped) break
        const account = this.deps.accounts.find(this.accountId)
        if (!account) break
        // Said at the top of the loop, which then ends.
        if (account.state === 'needs-signin') continue
        const coreError = this.deps.sync.noteAuthFailure(account, error)
        // Keeps "Last sync …": offline is exactly when it matters how old the mail shown is.
        this.deps.sync.showError(this.accountId, coreError)
        if (PAUSING.has(coreError.code)) break
      }
      if (this.stopped) break
      await this.sleep(backoffDelay(this.attempt++, this.settings.reconnect))
    }
  }

  private async connectAndWatch(): Promise<void> {
    const { sync, accounts } = this.deps
    const account = accounts.get(this.accountId)
    const errors = new CommandErrors()
    this.connecting = true
    this.wokenWhileConnecting = false
    let client: ImapFlow
    try {
      client = await sync.openSession(account, errors, this.stopping.signal)
    } finally {
      this.connecting = false
    }
    this.wokenWhileConnecting = false
    // A new session may be let IDLE: a refusal on the last one starts the waits over.
    this.inboxIdle.sessionStarted()
    this.retries = 0
    this.client = client
    const timers: NodeJS.Timeout[] = []
    try {
      if (this.stopped) return
      for (const event of ['exists', 'expunge', 'flags'] as const) {
        // VANISHED (EARLIER) answers a pass's own QRESYNC fetch: old news, that pass handles it.
        client.on(event, (e: { path?: string; earlier?: boolean }) => {
          if (e.path === 'INBOX' && !e.earlier) this.schedule('inbox')
        })
      }
      sync.attachSession(this.accountId, { client, errors })
      // The first pass may wait in the lane behind one on a session of its own ("Sync now" while
      // this loop was offline), minutes long after a long time offline: the session must not go
      // silent meanwhile.
      await keptAlive(client, () =>
        sync.runScope(this.accountId, 'all', {
          // In the lane, as for every pass: set here, after the await, it would overwrite the
          // doubt an INBOX pass queued behind this one (new mail during the import) has raised
          // by then, and a failure of that pass would go unseen until the next change.
          onStart: () => (this.inboxInDoubt = true),
          onPassed: () => (this.inboxInDoubt = false),
          signal: this.stopping.signal
        })
      ).catch((error: unknown) => {
        // A pass that failed on a session still open (a folder the server will not open for
        // now, a full disk) has shown its error. Reconnecting would not help, and would leave
        // INBOX without IDLE until a pass got through: the session stays, INBOX is watched (in
        // doubt, so its next round selects it afresh), and every folder is passed over again
        // soon (retrySoon) and at each poll until that ends well. On a session that is gone, the
        // loop below ends at once and reconnects.
        if (this.stopped || this.pausedForSignIn()) throw error
        this.retrySoon()
      })
      // Only a session that lasts starts the backoff over (stableAfterMs), its first pass failed
      // or not: a flapping server drops every session within moments.
      timers.push(setTimeout(() => (this.attempt = 0), this.settings.stableAfterMs))
      this.pollTimer = this.startPolling()
      timers.push(setInterval(() => void this.checkAlive(client), this.settings.idleRestartMs))
      const lane = sync.lane(this.accountId)
      while (!this.stopped && sessionOpen(client)) {
        await lane.runInterruptible(
          () => this.idle(client),
          () => this.inboxIdle.interrupt(client)
        )
        // A turn of the event loop between rounds, so that a round that fails at once cannot
        // starve the socket events (it spun at 100 % CPU once in CI, after `doveadm kick`; the
        // loop now also ends on the BYE itself, see sessionOpen).
        await new Promise((resolve) => setImmediate(resolve))
      }
      // Shown as "connection lost", with the server's BYE text when it gave one.
      if (!this.stopped) throw sessionLost(client)
    } finally {
      for (const timer of timers) clearTimeout(timer)
      clearInterval(this.pollTimer)
      this.pollTimer = undefined
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      sync.attachSession(this.accountId, null)
      this.client = null
      client.close()
    }
  }

  /** A round of IDLE on INBOX (InboxIdle.round), unless the watcher stopped meanwhile. */
  private idle(client: ImapFlow): Promise<void> {
    // Stopped while this waited in the lane: the session is closed, and stop() waits for this.
    if (this.stopped) return Promise.resolve()
    return this.inboxIdle.round(client)
  }

  /** Coalesces passes: one waiting pass per scope is enough, it will see every change so far. */
  private schedule(scope: PassScope): void {
    if (this.stopped || this.queued.has(scope)) return
    this.queued.add(scope)
    const coversInbox = scope !== 'others'
    this.deps.sync
      .runScope(this.accountId, scope, {
        onStart: () => {
          this.queued.delete(scope)
          if (coversInbox) this.inboxInDoubt = true
        },
        // In the lane, so the IDLE queued behind this pass already knows INBOX is in step.
        onPassed: () => {
          if (coversInbox) this.inboxInDoubt = false
          if (scope === 'all') this.retries = 0
        },
        signal: this.stopping.signal
      })
      // The pass has set the visible state; a lost connection ends the loop, and so does a pause
      // for sign-in (the account's passes would all be refused). Otherwise it is tried again.
      .catch(() => {
        if (this.pausedForSignIn()) this.client?.close()
        else this.retrySoon()
      })
      .finally(() => this.queued.delete(scope))
  }

  /**
   * After a pass failed on the session still up: every folder again after the reconnect backoff
   * (from 1 s, growing with each failure in a row, never later than the next poll), as a
   * reconnect would have, so a failure that clears in seconds does not wait out the poll.
   */
  private retrySoon(): void {
    if (this.stopped || this.retryTimer !== undefined || !this.client) return
    const delay = Math.min(backoffDelay(this.retries++, this.settings.reconnect), this.pollIntervalMs)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.schedule('all')
    }, delay)
  }

  private pausedForSignIn(): boolean {
    return this.deps.accounts.find(this.accountId)?.state === 'needs-signin'
  }

  /** Re-issues IDLE through a NOOP; a NOOP that is not answered in time means a dead connection. */
  private async checkAlive(client: ImapFlow): Promise<void> {
    await this.deps.sync
      .lane(this.accountId)
      .run(async () => {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), this.settings.noopTimeoutMs)
        })
        const noop = client.noop().then(() => 'ok' as const)
        const answer = await Promise.race([noop, timeout]).finally(() => clearTimeout(timer))
        if (answer === 'timeout') client.close()
      })
      .catch(() => client.close())
  }

  private sleep(ms: number): Promise<void> {
    // Woken while the failed login was under way: the wait was ended before it began.
    if (this.wokenWhileConnecting) {
      this.wokenWhileConnecting = false
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    }).finally(() => (this.wake = null))
  }
}
