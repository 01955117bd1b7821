// The sending side of the outbox: each account's due mail goes over its IMAP session, one run at
// a time per account, and a timer wakes for the next message due. OutboxService queues the mail
// and takes the user's actions; this sends it.
import type { Clock } from '../clock'
import { CoreError } from '../errors'
import { sessionOpen } from '../mail-server/guarded-commands'
import { toServerError } from '../mail-server/server-errors'
import type { MailQueries } from '../queries/mail-queries'
import type { SyncService } from '../sync/sync-service'
import type { MailSession } from '../sync/task-runner'
import { attemptError, isUnreachable } from './attempt-error'
import { claimDue, type DueClaim } from './due-claim'
import type { OutboxRecord, OutboxRepository } from './outbox-repository'
import { attemptSend, type SenderDeps } from './outbox-sender'
import { afterFailure, retryAfterError } from './outbox-state'
import type { SendCapRepository } from './send-cap'
import { saveSentCopyAgain } from './sent-copy-again'

export type OutboxDeps = Omit<SenderDeps, 'repo' | 'now'> & {
  queries: MailQueries
  sync: SyncService
  clock: Clock
  /** Announces outbox (and, once sent, mail) changes to the UI. */
  changed: (tables: string[], ids: number[]) => void
  assertCanSendTo?: (addresses: string[]) => void
}

/** Re-check at least this often, so a clock change or a sleeping laptop cannot delay a send much. */
const MAX_WAIT_MS = 60_000
/** Offline, a Sent copy due to be saved again waits this long before the next connection attempt. */
const COPY_OFFLINE_WAIT_MS = 60_000
/** The first wait after noting why mail waits failed (noteOfflineOrLog); it doubles up to the max. */
const NOTE_FAILED_WAIT_MS = 1_000
const NOTE_FAILED_MAX_WAIT_MS = 30_000

export class OutboxLane {
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private readonly running = new Map<number, Promise<void>>()
  /** Rows an attempt is sending right now, whichever path started it (a kick or a pass). */
  private readonly attempting = new Set<number>()
  /**
   * Accounts the timer leaves be after their offline note could not be written: their rows stay
   * due, and without a wait the timer's 250 ms floor made an IMAP login 4 times a second.
   */
  private readonly resting = new Map<number, { failures: number; until: number }>()

  constructor(
    private readonly deps: OutboxDeps,
    private readonly repo: OutboxRepository,
    private readonly caps: SendCapRepository,
    /** Who makes this process's attempts (OutboxRepository.claim): "<pid>:<random>". */
    private readonly owner: string
  ) {}

  start(): void {
    this.stopped = false
    this.arm()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Whether an attempt of this process is sending the row right now. */
  isAttempting(id: number): boolean {
    return this.attempting.has(id)
  }

  /** What one attempt (or a Sent copy saved again) works with. */
  senderDeps(): SenderDeps {
    return { ...this.deps, repo: this.repo, now: () => this.now() }
  }

  private dueClaim(): DueClaim {
    const { db, accounts } = this.deps
    return { db, accounts, repo: this.repo, caps: this.caps, owner: this.owner, now: this.now() }
  }

  /** Sends every due message of the account over this session, one after another. */
  async flush(session: MailSession, accountId: number, online: boolean): Promise<void> {
    const deps = this.senderDeps()
    for (const listed of this.repo.due(accountId, this.now(), online)) {
      // Disconnected meanwhile: the send under way ended, the rest fail with the archive.
      if (this.stopped || this.deps.sync.isLeaving(accountId)) return
      const item = claimDue(this.dueClaim(), listed.id, online)
      if (!item) continue
      this.attempting.add(item.id)
      try {
        await attemptSend(deps, session, item)
      } catch (error) {
        // The SMTP server refused to sign in: the row says so, and the others due now would be
        // refused the same way, each one more failed login for the provider to count against the
        // account: they fail with it, untried, until Retry or signing in again.
        if (error instanceof CoreError && error.code === 'SMTP_AUTH_FAILED') {
          const untried = this.repo.failDueForSmtpRefusal(accountId, error.message, this.now())
          this.deps.changed(['outbox'], untried)
          break
        }
        // Offline, or the account's own sign-in failed: the rest cannot go either (noteOffline).
        const host = this.deps.accounts.get(accountId).imap.host
        if (!sessionOpen(session.client) || isUnreachable(error, host)) throw error
        if (error instanceof CoreError && error.code === 'AUTH_FAILED') throw error
        // This row's own trouble (its look in Sent refused, a write refused here): it waits, saying
        // so, and the messages behind it go. Rethrown, it came first again at every pass.
        this.deferAfterError(item, error, host)
      } finally {
        this.attempting.delete(item.id)
        this.repo.release(item.id, this.owner)
        this.deps.changed(['outbox', 'messages', 'threads', 'conversations'], [item.id])
      }
    }
    // Sent copies the server refused for now (a full mailbox, a busy server) go again on their own.
    for (const listed of this.repo.sentCopiesDue(accountId, this.now())) {
      if (this.stopped) return
      if (!this.repo.claim(listed.id, this.owner)) continue
      // As it is now: another process may have saved the copy meanwhile, or the user dismissed it.
      const item = this.repo.find(listed.id) ?? listed
      try {
        await saveSentCopyAgain(deps, session, item)
      } finally {
        this.repo.release(item.id, this.owner)
      }
      this.deps.changed(['outbox', 'messages', 'threads', 'folders'], [item.id])
    }
    this.arm()
  }

  /** Sends the account's due mail now, on its lane; one run at a time per account. */
  kick(accountId: number): Promise<void> {
    const existing = this.running.get(accountId)
    if (existing) return existing.then(() => this.kick(accountId))
    const run = this.deps.sync
      .runOnline(accountId, (session) => this.flush(session, accountId, false))
      .then(
        () => void this.resting.delete(accountId),
        (error: unknown) => this.noteOfflineOrLog(accountId, error)
      )
      .finally(() => {
        this.running.delete(accountId)
        this.arm()
      })
    this.running.set(accountId, run)
    return run
  }

  /** The scheduler's tick: sends what is due for every account. Tests call it after moving the clock. */
  async runDue(): Promise<void> {
    const now = this.now()
    const due = this.repo.accountsWithDue(now).filter((id) => (this.resting.get(id)?.until ?? 0) <= now)
    await Promise.all(due.map((accountId) => this.kick(accountId)))
  }

  /** Points the timer at the next due message (at most a minute away, then it looks again). */
  arm(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.stopped) return
    const at = this.nextDueAt()
    if (at === null) return
    const wait = Math.min(Math.max(at - this.now(), 0), MAX_WAIT_MS)
    this.timer = setTimeout(
      () => {
        this.timer = null
        void this.runDue().finally(() => this.arm())
      },
      Math.max(wait, 250)
    )
    this.timer.unref()
  }

  /** The due time the scheduler's timer is set for (null: none), for tests and diagnostics. */
  get nextWake(): number | null {
    return this.timer ? this.nextDueAt() : null
  }

  /** What the timer wakes for; a message another process is sending is looked at again within a minute. */
  private nextDueAt(): number | null {
    return this.repo.nextDueAt({ owner: this.owner, until: this.now() + MAX_WAIT_MS })
  }

  private deferAfterError(item: OutboxRecord, error: unknown, host: string): void {
    const { code, text } = attemptError(error, host)
    this.deps.log(`${item.messageId} not sent now: ${text}`)
    this.repo.deferAfterError(item.id, text, code, retryAfterError(item.offlineAttempts + 1, this.now()))
  }

  /**
   * The flush could not run (no IMAP connection, a refused login) or stopped: every due message
   * records why, and waits to be online (or its backoff).
   */
  noteOffline(accountId: number, error: unknown): void {
    if (this.stopped) return
    const account = this.deps.accounts.find(accountId)
    if (!account) return
    const coreError = toServerError(error, 'imap', account.imap.host)
    // Paused for "sign in again" (or a login refused just now, or for now): that is the reason
    // shown, not "could not reach the server"; nor is anything else that went wrong (attempt-error.ts).
    const { code, text } =
      coreError.code === 'AUTH_FAILED' ||
      coreError.code === 'HOST_UNREACHABLE' ||
      coreError.code === 'LOGIN_REFUSED_FOR_NOW'
        ? { code: coreError.code, text: coreError.message }
        : attemptError(error, account.imap.host)
    const now = this.now()
    for (const item of this.repo.due(accountId, now, false)) {
      const next = afterFailure('offline', item.offlineAttempts + 1, now)
      if (next.state === 'queued') this.repo.deferOffline(item.id, text, next.retryAt, code)
    }
    this.repo.deferSentCopies(accountId, now, now + COPY_OFFLINE_WAIT_MS)
    this.deps.changed(['outbox'], [])
  }

  /**
   * noteOffline for a run that failed: its own writes can fail too (the database busy past its
   * timeout, a full disk). Logged, not rethrown, as kick's callers (the timer, a queued message)
   * do not wait for it; the rows stay due, and the timer tries again after a wait that doubles.
   */
  private noteOfflineOrLog(accountId: number, error: unknown): void {
    try {
      this.noteOffline(accountId, error)
      this.resting.delete(accountId)
    } catch (failure) {
      const failures = (this.resting.get(accountId)?.failures ?? 0) + 1
      const wait = Math.min(NOTE_FAILED_WAIT_MS * 2 ** (failures - 1), NOTE_FAILED_MAX_WAIT_MS)
      this.resting.set(accountId, { failures, until: this.now() + wait })
      this.deps.log(
        `Could not note why account ${accountId}'s mail waits (again in ${wait} ms): ${String(failure)}`
      )
    }
  }

  private now(): number {
    return this.deps.clock.now()
  }
}
