import type { ImportLimit, SyncState } from '../../../src-preload/contract'
import type { AccountRecord } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import { CoreError } from '../errors'
import { CommandErrors, closeImapSession, openImapSession } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'
import { AccountLane } from './account-lane'
import { runPass, type PassDeps, type PassScope } from './account-pass'
import type { MailSession } from './task-runner'

export type SyncResult = { accountId: number; fetched: number; folders: string[] }

export type SyncDeps = PassDeps & { accountService: AccountService }

/** How long to wait before pushing tasks again after the server could not be reached. */
const OFFLINE_RETRY_MS = 30_000

/**
 * Runs sync passes and task pushes per account, one at a time per account (its lane), over the
 * real-time session when one is connected or a short-lived one otherwise. Keeps the visible sync
 * state, and pauses an account whose credentials the server refuses.
 */
export class SyncService {
  private readonly states = new Map<number, SyncState>()
  private readonly running = new Map<number, Promise<SyncResult>>()
  private readonly lanes = new Map<number, AccountLane>()
  private readonly live = new Map<number, MailSession>()
  private readonly taskTimers = new Map<number, NodeJS.Timeout>()
  private closed = false

  constructor(private readonly deps: SyncDeps) {
    deps.queue.recoverInterrupted()
  }

  status(): SyncState[] {
    return this.mailboxes().map(
      (a) =>
        this.states.get(a.id) ??
        (a.state === 'needs-signin'
          ? { accountId: a.id, state: 'error', lastSyncAt: null, error: this.signInError(a).toApiError() }
          : { accountId: a.id, state: 'idle', lastSyncAt: null, error: null })
    )
  }

  /** One full pass for one or all accounts. Fails with the first account's error after trying all. */
  async run(accountId?: number, limit?: ImportLimit): Promise<SyncResult[]> {
    const accounts = accountId ? [this.deps.accounts.get(accountId)] : this.mailboxes()
    const settled = await Promise.allSettled(accounts.map((account) => this.runAccount(account, limit)))
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failure) throw failure.reason
    return settled.map((s) => (s as PromiseFulfilledResult<SyncResult>).value)
  }

  /** A pass over part of an account's folders, for the real-time loop; onStart runs when it begins. */
  runScope(accountId: number, scope: PassScope, onStart: () => void = () => undefined): Promise<SyncResult> {
    const account = this.deps.accounts.get(accountId)
    return this.lane(accountId).run(() => {
      onStart()
      return this.pass(account, account.importLimit, scope)
    })
  }

  /** Pushes queued tasks now; a failure leaves them queued and tries again later. */
  pushTasks(accountId: number): Promise<void> {
    const account = this.deps.accounts.find(accountId)
    if (!account || account.state !== 'active' || this.closed) return Promise.resolve()
    return this.lane(accountId)
      .run(() => this.withSession(account, (session) => this.deps.runner.flush(session, accountId)))
      .then(
        (due) => this.scheduleTasks(accountId, due),
        (error: unknown) => {
          this.noteAuthFailure(account, error)
          this.scheduleTasks(accountId, Date.now() + OFFLINE_RETRY_MS)
        }
      )
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
  }

  setState(state: SyncState): void {
    this.states.set(state.accountId, state)
    this.deps.events.emit('sync.state', state)
  }

  /** Pauses the account on an authentication failure. Returns the error as a CoreError. */
  noteAuthFailure(account: AccountRecord, error: unknown): CoreError {
    const coreError = toServerError(error, 'imap', account.imap.host)
    if (coreError.code === 'AUTH_FAILED') {
      this.deps.accounts.setState(account.id, 'needs-signin', coreError.message)
      this.deps.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
    }
    return coreError
  }

  close(): void {
    this.closed = true
    for (const timer of this.taskTimers.values()) clearTimeout(timer)
    this.taskTimers.clear()
  }

  /** Concurrent requests for the same account share one pass. */
  private runAccount(account: AccountRecord, limit?: ImportLimit): Promise<SyncResult> {
    const existing = this.running.get(account.id)
    if (existing) return existing
    const pass = this.lane(account.id)
      .run(() => this.pass(account, limit ?? account.importLimit, 'all'))
      .finally(() => this.running.delete(account.id))
    this.running.set(account.id, pass)
    return pass
  }

  private async pass(account: AccountRecord, limit: ImportLimit, scope: PassScope): Promise<SyncResult> {
    const { events } = this.deps
    const previous = this.states.get(account.id)
    // Re-read: the account may have been paused or signed in again since the pass was queued.
    const current = this.deps.accounts.get(account.id)
    if (current.state === 'needs-signin') throw this.signInError(current)
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
      const result = await this.withSession(current, (session) =>
        runPass(session, current, { limit, scope }, this.deps)
      )
      this.scheduleTasks(account.id, result.nextTaskDue)
      this.setState({
        accountId: account.id,
        state: 'up-to-date',
        lastSyncAt: new Date().toISOString(),
        error: null
      })
      return { accountId: account.id, fetched: result.fetched, folders: result.folders }
    } catch (error) {
      const coreError = error instanceof CoreError ? error : this.noteAuthFailure(current, error)
      this.setState({
        accountId: account.id,
        state: 'error',
        lastSyncAt: previous?.lastSyncAt ?? null,
        error: coreError.toApiError()
      })
      throw coreError
    }
  }

  private async withSession<T>(
    account: AccountRecord,
    work: (session: MailSession) => Promise<T>
  ): Promise<T> {
    const live = this.live.get(account.id)
    if (live && live.client.usable) return work(live)
    const credentials = await this.deps.accountService.credentials(account)
    const errors = new CommandErrors()
    const client = await openImapSession(account.imap, credentials, { commandErrors: errors })
    try {
      return await work({ client, errors })
    } finally {
      await closeImapSession(client)
    }
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

  private signInError(account: AccountRecord): CoreError {
    return new CoreError(
      'AUTH_FAILED',
      account.stateReason ?? `The server no longer accepts the password for ${account.email}. Sign in again.`,
      'password'
    )
  }

  private mailboxes(): AccountRecord[] {
    return this.deps.accounts.list().filter((a) => a.kind === 'mailbox')
  }
}
