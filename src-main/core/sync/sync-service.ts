import type { ImapFlow } from 'imapflow'
import type { ImportLimit, SyncState, UnstoredMessage } from '../../../src-preload/contract'
import type { AccountRecord } from '../accounts/account-repository'
import { assertNotArchived, type AccountService } from '../accounts/account-service'
import { CoreError } from '../errors'
import { sessionOpen } from '../mail-server/guarded-commands'
import { CommandErrors, closeImapSession, sessionFailure } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'
import { AccountLane } from './account-lane'
import { AccountLogins } from './account-logins'
import { runPass, type PassDeps, type PassScope } from './account-pass'
import type { PendingChanges } from './task-queue'
import type { MailSession } from './task-runner'
import { UnfinishedPasses } from './unfinished-passes'
import { LeavingAccounts } from './leaving-accounts'
import { Reachability } from './reachability'
import { signInAgainText } from '../accounts/sign-in-again'

/** The state a SELECT reports for a folder, compared with what the last pass stored. */
export type MailboxSnapshot = { uidValidity: number; uidNext: number; highestModseq: string | null }

export type SyncResult = { accountId: number; fetched: number; folders: string[] }

export type SyncDeps = PassDeps & {
  accountService: AccountService
  /** Overrides STALL_TIMEOUT_MS for every session of these accounts; tests shorten it. */
  stallTimeoutMs?: number
  log: (message: string) => void
}

/** How long to wait before pushing tasks again after the server could not be reached. */
const OFFLINE_RETRY_MS = 30_000

/**
 * Runs sync passes and task pushes per account, one at a time per account (its lane), over the
 * real-time session when one is connected or a short-lived one otherwise. Keeps the visible sync
 * state, and pauses an account whose credentials the server refuses.
 */
export class SyncService {
  private readonly states = new Map<number, SyncState>()
  /** Accounts whose server refuses IDLE for now (see SyncState.pushPaused). */
  private readonly pushPaused = new Set<number>()
  private readonly running = new Map<number, Promise<SyncResult>>()
  private readonly lanes = new Map<number, AccountLane>()
  private readonly live = new Map<number, MailSession>()
  private readonly logins: AccountLogins
  private readonly taskTimers = new Map<number, NodeJS.Timeout>()
  private readonly unfinished = new UnfinishedPasses()
  /** Accounts being disconnected (stopAccount): nothing more of theirs goes to the server. */
  private readonly leaving = new LeavingAccounts()
  private closed = false
  /** Runs at the end of every successful pass, on its session: the outbox sends what waited for a connection. */
  private afterPass: ((session: MailSession, accountId: number) => Promise<void>) | null = null
  /** Told when a login works: the real-time loop, and work that waited for the network. */
  readonly reachability = new Reachability()

  constructor(private readonly deps: SyncDeps) {
    this.logins = new AccountLogins(deps)
    deps.queue.recoverInterrupted()
  }

  status(): SyncState[] {
    return this.mailboxes().map((a) =>
      this.withCounts(
        this.states.get(a.id) ??
          (a.state === 'needs-signin'
            ? { accountId: a.id, state: 'error', lastSyncAt: null, error: this.signInError(a).toApiError() }
            : { accountId: a.id, state: 'idle', lastSyncAt: null, error: null })
      )
    )
  }

  /** The messages `status` counts as unstored, with what they are and why they were set aside. */
  unstored(accountId?: number): UnstoredMessage[] {
    return this.deps.failures.list(accountId)
  }

  /** One full pass for one or all accounts. Fails with the first account's error after trying all. */
  async run(accountId?: number, limit?: ImportLimit): Promise<SyncResult[]> {
    const accounts = accountId ? [this.deps.accounts.get(accountId)] : this.mailboxes()
    // The demo mailbox has no server: said so, not a missing password for imap.rapport.example.
    if (accounts.some((a) => a.kind !== 'mailbox'))
      throw new CoreError('INVALID_INPUT', 'This is sample data: it has no mail server to sync with.')
    const settled = await Promise.allSettled(accounts.map((account) => this.runAccount(account, limit)))
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failure) throw failure.reason
    return settled.map((s) => (s as PromiseFulfilledResult<SyncResult>).value)
  }

  /**
   * A pass over part of an account's folders, for the real-time loop. onStart runs when it
   * begins, onPassed when it has passed, both in the lane: before the next piece of work there.
   * One whose signal was aborted while it waited in the lane (its loop was stopped) does not run:
   * it would log in afresh for a loop that is gone, and the stop waits for it, perhaps behind an
   * import of minutes.
   */
  runScope(
    accountId: number,
    scope: PassScope,
    hooks: { onStart?: () => void; onPassed?: () => void; signal?: AbortSignal } = {}
  ): Promise<SyncResult> {
    return this.lane(accountId).run(async () => {
      hooks.onStart?.()
      // Read in the lane: the account's servers may have changed while this pass waited.
      const account = this.deps.accounts.get(accountId)
      const result = await this.pass(account, undefined, scope)
      hooks.onPassed?.()
      return result
    }, hooks.signal)
  }

  /** Pushes queued tasks now; a failure leaves them queued and tries again later. */
  pushTasks(accountId: number): Promise<void> {
    const account = this.deps.accounts.find(accountId)
    // The sample's changes stay local: there is no server to push them to (nor a password).
    if (!account || account.kind !== 'mailbox' || account.state !== 'active' || this.closed)
      return Promise.resolve()
    this.announcePending(accountId)
    return this.lane(accountId)
      .run(() =>
        // Read in the lane: the account's servers may have changed while this push waited.
        this.withSession(this.deps.accounts.get(accountId), (session) =>
          this.deps.runner.flush(session, accountId)
        )
      )
      .then(
        (due) => {
          if (this.closed) return
          this.scheduleTasks(accountId, due)
          this.announcePending(accountId)
        },
        (error: unknown) => {
          // The workspace closed while the push was under way: nothing left to report to.
          if (this.closed) return
          const coreError = this.noteAuthFailure(account, error)
          // Paused meanwhile by another login: "sign in again", not the lost connection this push
          // failed on (providers end the sessions of a changed password); no retry can help.
          if (this.showIfPaused(accountId)) return
          // Without a live session nobody else reports the lost connection: say so here.
          if (!this.live.has(accountId)) this.showError(accountId, coreError)
          this.scheduleTasks(accountId, Date.now() + OFFLINE_RETRY_MS)
        }
      )
      .catch((failure: unknown) => {
        // Noting the outcome (a sign-in pause writes) can fail: no one awaits a push, so log, retry.
        this.deps.log(`Could not note how pushing account ${accountId}'s changes went: ${String(failure)}`)
        if (!this.closed) this.scheduleTasks(accountId, Date.now() + OFFLINE_RETRY_MS)
      })
  }

  /** The account's local changes still on their way to the server, per message (a backfill lays them on top). */
  pendingChanges(accountId: number): PendingChanges {
    return this.deps.queue.pendingChanges(accountId)
  }

  /** Re-announces the account's state with its current count of changes waiting for the server. */
  private announcePending(accountId: number): void {
    const state = this.states.get(accountId)
    const pendingChanges = this.deps.queue.pendingCount(accountId)
    if (state?.pendingChanges === pendingChanges) return
    this.reannounce(accountId)
  }

  /** Emits the account's state again, with its counts and flags as they are now. */
  private reannounce(accountId: number): void {
    this.setState(this.states.get(accountId) ?? { accountId, state: 'idle', lastSyncAt: null, error: null })
  }

  /** Runs work on the account's lane over its session (the real-time one when connected). */
  runOnline<T>(accountId: number, work: (session: MailSession) => Promise<T>): Promise<T> {
    const account = this.deps.accounts.get(accountId)
    // Paused for sign-in: no login the server would refuse again (signing in runs a pass).
    if (account.state === 'needs-signin') return Promise.reject(this.signInError(account))
    return this.lane(accountId)
      .run(() => this.withSession(this.deps.accounts.get(accountId), work))
      .catch((error: unknown) => {
        // A login refused here (sending from the outbox) pauses the account as a pass would,
        // instead of being retried as "offline" against a server that will keep refusing it.
        this.pauseIfRefused(account, error)
        throw error
      })
  }

  /**
   * Runs work on a session of its own, outside the account's lane: a download the user waits for
   * (an attachment not kept offline) must not queue behind an import that may take minutes. A
   * login the server refuses pauses the account, as everywhere else.
   */
  async runAside<T>(accountId: number, work: (session: MailSession) => Promise<T>): Promise<T> {
    if (this.closed) throw new CoreError('INTERNAL', 'Rapport is closing; try again after it restarts.')
    const account = this.deps.accounts.get(accountId)
    if (account.state === 'needs-signin') throw this.signInError(account)
    assertNotArchived(account)
    try {
      return await this.freshSession(account, work)
    } catch (error) {
      throw this.pauseIfRefused(account, error)
    }
  }

  /** Work outside a pass whose login the server refused pauses the account, visibly. */
  private pauseIfRefused(account: AccountRecord, error: unknown): CoreError {
    const coreError = this.noteAuthFailure(account, error)
    if (coreError.code === 'AUTH_FAILED' && !this.closed) this.showError(account.id, coreError)
    return coreError
  }

  /** The account's sync status shows this error, keeping when it last synced. */
  showError(accountId: number, error: CoreError): void {
    this.setState({
      accountId,
      state: 'error',
      lastSyncAt: this.states.get(accountId)?.lastSyncAt ?? null,
      error: error.toApiError()
    })
  }

  setAfterPass(hook: (session: MailSession, accountId: number) => Promise<void>): void {
    this.afterPass = hook
  }

  /** The per-account lane, shared with the real-time loop so its IDLE gives way to other work. */
  lane(accountId: number): AccountLane {
    let lane = this.lanes.get(accountId)
    if (!lane) this.lanes.set(accountId, (lane = new AccountLane()))
    return lane
  }

  /** The real-time loop lends its connected session; passes and pushes use it instead of a new one. */
  attachSession(accountId: number, session: MailSession | null): void {
    if (session) this.live.set(accountId, session)
    else this.live.delete(accountId)
    // The loop logged in again: what waited for the network need not wait for its first pass.
    if (session) this.noteReachable(accountId)
  }

  /**
   * True when the server's INBOX (as a fresh SELECT reports it) is past what the last pass
   * stored: new UIDs, another UIDVALIDITY, or a higher HIGHESTMODSEQ (flags, expunges).
   */
  inboxBehind(accountId: number, server: MailboxSnapshot): boolean {
    const inbox = this.deps.folders.bySpecialUse(accountId, '\\Inbox')
    if (!inbox || !inbox.syncEnabled) return false
    if (inbox.uidValidity !== server.uidValidity || inbox.uidNext === null) return true
    if (server.uidNext > inbox.uidNext) return true
    return server.highestModseq !== null && server.highestModseq !== inbox.highestModseq
  }

  setState(state: SyncState): void {
    const withPending = this.withCounts(state)
    if (state.error?.code === 'HOST_UNREACHABLE') this.reachability.shownOffline(state.accountId)
    this.states.set(state.accountId, withPending)
    this.deps.events.emit('sync.state', withPending)
  }

  /** The state with the account's counts and flags as they are now. */
  private withCounts(state: SyncState): SyncState {
    return {
      ...state,
      pendingChanges: this.deps.queue.pendingCount(state.accountId),
      unstoredMessages: this.deps.failures.count(state.accountId),
      refusedFolders: this.deps.folders.refusedCount(state.accountId),
      pushPaused: this.pushPaused.has(state.accountId)
    }
  }

  /** The account's real-time loop found IDLE refused (or accepted again): shown until it is. */
  setPushPaused(accountId: number, paused: boolean): void {
    if (this.pushPaused.has(accountId) === paused) return
    if (paused) this.pushPaused.add(accountId)
    else this.pushPaused.delete(accountId)
    this.reannounce(accountId)
  }

  /** Pauses the account on an authentication failure. Returns the error as a CoreError. */
  noteAuthFailure(account: AccountRecord, error: unknown): CoreError {
    const coreError = toServerError(error, 'imap', account.imap.host)
    if (coreError.code !== 'AUTH_FAILED') return coreError
    // Re-read: a pause already recorded holds the server's own words; a later failure (often our
    // generic "sign in again" for the paused account) must not replace them.
    const current = this.deps.accounts.find(account.id)
    if (!current || current.state === 'archived') return coreError
    if (current.state === 'needs-signin' && current.stateReason) return coreError
    // The server's own words (Rapport's sentence around them is English, and the UI says it in
    // the user's language); none for a pause of Rapport's own, such as an expired stored sign-in.
    this.deps.accounts.setState(account.id, 'needs-signin', coreError.details.serverText ?? null)
    this.deps.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
    return coreError
  }

  close(): void {
    this.closed = true
    this.logins.close()
    this.deps.queue.releaseClaims()
    for (const timer of this.taskTimers.values()) clearTimeout(timer)
    this.taskTimers.clear()
  }

  /** Concurrent requests for the same account share one pass. */
  private runAccount(account: AccountRecord, limit?: ImportLimit): Promise<SyncResult> {
    const existing = this.running.get(account.id)
    if (existing) return existing
    const pass = this.lane(account.id)
      .run(() => this.pass(account, limit, 'all'))
      .finally(() => this.running.delete(account.id))
    this.running.set(account.id, pass)
    return pass
  }

  /** `limit`: the run's own (`sync.run --limit`); without one, the account's, followed as it changes. */
  private async pass(
    account: AccountRecord,
    limit: ImportLimit | undefined,
    scope: PassScope
  ): Promise<SyncResult> {
    const { events } = this.deps
    const previous = this.states.get(account.id)
    // Re-read: the account may have been paused or signed in again since the pass was queued.
    const current = this.deps.accounts.get(account.id)
    // Said again: an earlier pass that ended after the pause may have shown "up to date".
    if (current.state === 'needs-signin') throw this.showSignIn(current)
    assertNotArchived(current)
    this.leaving.assertNot(current.id)
    this.setState({
      accountId: account.id,
      state: 'syncing',
      lastSyncAt: previous?.lastSyncAt ?? null,
      error: null
    })
    events.emit('sync.progress', {
      accountId: account.id,
      folder: '',
      phase: 'connecting',
      done: 0,
      total: 0
    })
    try {
      const result = await this.withSession(current, async (session) => {
        const depth = limit ?? (() => this.deps.accounts.find(current.id)?.importLimit ?? current.importLimit)
        const stopped = () => this.leaving.assertNot(current.id)
        const othersWaiting = () => this.lane(current.id).hasWaiting
        const passed = await runPass(
          session,
          current,
          { limit: depth, scope, stopped, othersWaiting },
          this.deps
        )
        // Disconnected meanwhile: the Outbox sends nothing more on this session.
        stopped()
        await this.afterPass?.(session, current.id)
        return passed
      })
      // Paused while this pass ran on a session still logged in (a login of its own, for an
      // attachment, was refused): what it stored stays, and "sign in again" is shown (below).
      const after = this.deps.accounts.find(account.id)
      if (after?.state === 'needs-signin') throw this.signInError(after)
      this.scheduleTasks(account.id, result.nextTaskDue)
      const standing = this.unfinished.passed(account.id, scope)
      if (standing) this.showError(account.id, standing)
      else
        this.setState({
          accountId: account.id,
          state: 'up-to-date',
          lastSyncAt: new Date().toISOString(),
          error: null
        })
      return { accountId: account.id, fetched: result.fetched, folders: result.folders }
    } catch (error) {
      // A login the server refuses comes back as a CoreError too: it must pause the account here as
      // well, not only in the real-time loop, so `rapport sync` shows "sign in again".
      const coreError = this.noteAuthFailure(current, error)
      // Paused meanwhile by another login: "sign in again", not the lost connection (providers
      // end the sessions of a changed password) that this pass failed on.
      const paused = this.showIfPaused(account.id)
      if (paused) throw paused
      this.unfinished.failedPass(account.id, scope, coreError)
      this.showError(account.id, coreError)
      throw coreError
    }
  }

  /**
   * A pass failed on part of the account and no pass has covered that part since: the real-time
   * loop's polls then pass over every folder, INBOX included, not only the others.
   */
  needsFullPass(accountId: number): boolean {
    return this.unfinished.has(accountId)
  }

  private async withSession<T>(
    account: AccountRecord,
    work: (session: MailSession) => Promise<T>
  ): Promise<T> {
    // Queued before the disconnect began: it does not start (stopAccount waits for it).
    this.leaving.assertNot(account.id)
    const live = this.live.get(account.id)
    // Only a session logged in where the account is now: one a watcher opened before the
    // account's servers changed is the old server's.
    if (live && sessionOpen(live.client) && this.logins.atCurrentServer(live.client, account))
      return this.explained(live, work)
    return this.freshSession(account, work)
  }

  /** Runs work on a session; a failure caused by the connection ending says why it ended. */
  private async explained<T>(session: MailSession, work: (session: MailSession) => Promise<T>): Promise<T> {
    try {
      return await work(session)
    } catch (error) {
      throw sessionFailure(session.client, error)
    }
  }

  /** Logs in to the account's IMAP server; the real-time loop opens its session here too. */
  openSession(account: AccountRecord, errors: CommandErrors, signal?: AbortSignal): Promise<ImapFlow> {
    return this.logins.open(account, errors, signal)
  }

  /** The account is being archived: its work stops, and this waits for it (LeavingAccounts.stop). */
  stopAccount(accountId: number): Promise<() => void> {
    return this.leaving.stop(accountId, this.lane(accountId), () =>
      this.logins.hold(accountId, 'as it is being disconnected')
    )
  }

  /** Whether the account is being disconnected (stopAccount): its work stops at its next check. */
  isLeaving(accountId: number): boolean {
    return this.leaving.has(accountId)
  }

  /** Ends the logins under way to the account's servers until released: they are changing. */
  holdLogins(accountId: number): () => void {
    return this.logins.hold(accountId)
  }

  /** Aborted when holdLogins ends the logins under way; other logins (SMTP) listen to it too. */
  loginSignal(accountId: number): AbortSignal {
    return this.logins.signal(accountId)
  }

  /** Work on a new session, logged out when the work is done. */
  private async freshSession<T>(
    account: AccountRecord,
    work: (session: MailSession) => Promise<T>
  ): Promise<T> {
    const errors = new CommandErrors()
    const client = await this.openSession(account, errors)
    this.noteReachable(account.id)
    try {
      return await this.explained({ client, errors }, work)
    } finally {
      await closeImapSession(client)
    }
  }

  /**
   * A login just worked (the real-time loop's too): an "offline" state left by the loop or a
   * failed push is stale (it would go on saying "Offline, N changes waiting" after the changes
   * went up), and the loop, perhaps minutes into its reconnect wait, can connect now.
   */
  private noteReachable(accountId: number): void {
    const state = this.states.get(accountId)
    if (state?.state === 'error' && state.error?.code === 'HOST_UNREACHABLE')
      this.setState({ accountId, state: 'idle', lastSyncAt: state.lastSyncAt, error: null })
    this.reachability.loggedIn(accountId)
  }

  /** Tasks waiting for a retry get a timer; nothing polls the queue. */
  private scheduleTasks(accountId: number, due: number | null): void {
    clearTimeout(this.taskTimers.get(accountId))
    this.taskTimers.delete(accountId)
    if (due === null || this.closed) return
    const timer = setTimeout(() => void this.pushTasks(accountId), Math.max(0, due - Date.now()))
    timer.unref()
    this.taskTimers.set(accountId, timer)
  }

  /** Shows that the paused account waits for the user to sign in again; returns that error. */
  private showSignIn(account: AccountRecord): CoreError {
    const error = this.signInError(account)
    this.showError(account.id, error)
    return error
  }

  /** When the account is paused for sign-in: shows so, and returns that error. Otherwise null. */
  showIfPaused(accountId: number): CoreError | null {
    const account = this.deps.accounts.find(accountId)
    return account?.state === 'needs-signin' ? this.showSignIn(account) : null
  }

  private signInError(account: AccountRecord): CoreError {
    return new CoreError('AUTH_FAILED', signInAgainText(account), 'password')
  }

  /** Accounts that sync: an archived (disconnected) mailbox no longer does. */
  private mailboxes(): AccountRecord[] {
    return this.deps.accounts.list().filter((a) => a.kind === 'mailbox' && a.state !== 'archived')
  }
}

/** The IMAP server and user an account logs in as. */
