import type { ImapFlow } from 'imapflow'
import type { ApiError, BackfillStatus } from '../../../src-preload/contract'
import type { AccountRecord, AccountRepository } from '../accounts/account-repository'
import type { Clock } from '../clock'
import type { CoreEvents } from '../core-events'
import type { Database } from '../db/database'
import { CoreError } from '../errors'
import type { MessageParser } from '../mail/parse-pool'
import { toServerError } from '../mail-server/server-errors'
import type { MessageStore } from '../store/message-store'
import { ImportFailures } from './import-failures'
import type { IndexCompactor } from '../search/index-compaction'
import { BackfillRepository, type BackfillRow } from './backfill-repository'
import { backfillBatch, FolderRenumbered } from './backfill-batch'
import { backfillOverall, measureRun } from './backfill-tally'
import { backoffDelay } from './backoff'
import type { CutBatchLimits } from './cut-batch-limits'
import type { FolderRecord, FolderRepository } from './folder-repository'
import type { SyncService } from './sync-service'

export type BackfillDeps = {
  db: Database
  accounts: AccountRepository
  folders: FolderRepository
  store: MessageStore
  /** Parses fetched mail (in worker threads when the host has them). */
  parser: MessageParser
  sync: SyncService
  events: CoreEvents
  compactor: IndexCompactor
  clock: Clock
  /**
   * The batch limits passes use (SyncDeps.batchLimits), the same instance: a cut mid-FETCH in
   * either shrinks the account's batches for both, as both go over the same link.
   */
  batchLimits: CutBatchLimits
  /** Messages per batch, at most; tests make it small to see batch boundaries. */
  batchSize?: number
  /** The longest wait before retrying after the server could not be reached (default 30 s). */
  retryMs?: number
}

/**
 * The first retry's wait after a batch failed: a link that drops (a train, a weak Wi-Fi) is
 * usually back at once, and the batch limits shrank for it (CutBatchLimits). The wait doubles
 * while batches keep failing, up to retryMs, so a server that is down is not asked every second.
 */
const FIRST_RETRY_MS = 1_000

/**
 * "Sync older mail": fetches a folder's messages below the import window, newest first, one
 * batch at a time. Each batch is one turn on the account's lane (so IDLE, passes and pushes get
 * their turn between batches) and one transaction together with the cursor
 * (folders.lowest_synced_uid) and the progress. Pausing takes effect at the next batch boundary;
 * a running backfill continues after a restart (resumeRunning) and, when its account was paused
 * for sign-in, after signing in again (resumeAccount).
 */
export class BackfillService {
  private readonly repo: BackfillRepository
  private readonly failures: ImportFailures
  /** The running loop of each folder. */
  private readonly loops = new Map<number, Promise<void>>()
  /** Folders kicked while their loop was running: it runs once more after it ends. */
  private readonly kickAgain = new Set<number>()
  private readonly errors = new Map<number, ApiError>()
  /** The retry after a failed batch, one per folder: a run that starts makes it moot. */
  private readonly retries = new Map<number, NodeJS.Timeout>()
  /** Batches failed in a row per folder, since one arrived or the user started it again. */
  private readonly failedInARow = new Map<number, number>()
  private closed = false
  /**
   * The server UIDVALIDITY each folder's backfill ran a re-sync pass for: one pass per renumbering.
   * A pass that fails (another folder refused) is not run again at every retry.
   */
  private readonly resyncedFor = new Map<number, number>()
  /** Folders whose server count was asked (STATUS) for the overall figure: once each. */
  private readonly measured = new Set<number>()

  constructor(private readonly deps: BackfillDeps) {
    this.repo = new BackfillRepository(deps.db)
    this.failures = new ImportFailures(deps.db)
  }

  start(folderId: number): BackfillStatus {
    const folder = this.folder(folderId)
    const account = this.deps.accounts.get(folder.accountId)
    if (account.state === 'archived' || account.kind !== 'mailbox')
      throw new CoreError(
        'ACCOUNT_ARCHIVED',
        `${account.email} is not connected: there is no server to fetch older mail from.`
      )
    if (!folder.onServer)
      throw new CoreError(
        'NOT_FOUND',
        `${folder.path} is no longer on the server: there is no older mail to fetch from it.`,
        'folderId'
      )
    // Accepted, it would pause at once without a word: a backfill follows its folder's sync.
    if (folder.uidValidity === null || !folder.syncEnabled)
      throw new CoreError(
        'INVALID_INPUT',
        `Sync the folder ${folder.path} first, then fetch its older mail.`,
        'folderId'
      )
    this.errors.delete(folderId)
    this.failedInARow.delete(folderId)
    this.repo.setState(folderId, 'running', this.deps.clock.now())
    this.repo.joinRun(folderId, folder.accountId, this.held(folder))
    this.kick(folderId)
    return this.announce(folderId)
  }

  pause(folderId: number): BackfillStatus {
    this.folder(folderId)
    const row = this.repo.get(folderId)
    if (row?.state === 'running') {
      this.repo.setState(folderId, 'paused', this.deps.clock.now())
      // "Waiting for sign-in; it goes on then" is no longer so: paused, it waits for the user.
      if (this.errors.get(folderId)?.code === 'AUTH_FAILED') this.errors.delete(folderId)
    }
    return this.announce(folderId)
  }

  status(accountId?: number): BackfillStatus[] {
    const accounts = accountId ? [accountId] : this.deps.accounts.list().map((a) => a.id)
    return accounts.flatMap((id) => {
      const overall = this.overall(id)
      return this.deps.folders.synced(id).map((f) => this.describe(f, overall))
    })
  }

  /** After a restart: every backfill that was running continues. */
  resumeRunning(): void {
    this.closed = false
    for (const folderId of this.repo.running()) {
      // Running from before runs were counted: the overall figure covers the rest of it.
      const folder = this.deps.folders.find(folderId)
      if (folder) this.repo.joinRun(folderId, folder.accountId, this.held(folder))
      this.kick(folderId)
    }
  }

  /**
   * The account signed in again: its backfills still running continue (the loop left them
   * waiting while the account was paused), without the error the pause left on them.
   */
  resumeAccount(accountId: number): void {
    // With those of folders unticked (or gone from the server) while the account waited: their
    // loop, kicked, pauses them, resumable once they are synced again. Left out, one ticked again
    // later would say it runs and waits for the sign-in that came, with nothing running.
    const synced = this.status(accountId)
    const listed = new Set(synced.map((s) => s.folderId))
    // The account's figure, worked out once (its folders' counts), not once per folder.
    const overall = this.overall(accountId)
    const others = this.repo
      .running()
      .filter((id) => !listed.has(id))
      .map((id) => this.deps.folders.find(id))
      .filter((f): f is FolderRecord => f !== null && f.accountId === accountId)
      .map((f) => this.describe(f, overall))
    for (const status of [...synced, ...others]) {
      // "Waiting for sign-in" is over for paused ones too.
      const stale = status.state === 'running' || status.error?.code === 'AUTH_FAILED'
      if (stale && this.errors.delete(status.folderId)) this.announce(status.folderId)
      if (status.state === 'running') this.kick(status.folderId)
    }
  }

  /**
   * The account's server answered again after it showed "offline" (Reachability.onBackOnline):
   * backfills waiting out their retry after failing offline go on now, without that error,
   * instead of after their retry wait. Not for an account paused for sign-in, which resumeAccount
   * resumes (and failed() sets no retry for).
   */
  backOnline(accountId: number): void {
    if (this.deps.accounts.find(accountId)?.state !== 'active') return
    for (const folderId of [...this.retries.keys()]) {
      if (this.deps.folders.find(folderId)?.accountId !== accountId) continue
      if (this.errors.delete(folderId)) this.announce(folderId)
      this.kick(folderId)
    }
  }

  close(): void {
    this.closed = true
    for (const timer of this.retries.values()) clearTimeout(timer)
    this.retries.clear()
  }

  private kick(folderId: number): void {
    if (this.closed) return
    if (this.loops.has(folderId)) {
      // The loop may be on its way out (a batch just failed and it reported so): it runs again
      // then, or "Try again" pressed at that moment would wait for the retry.
      this.kickAgain.add(folderId)
      return
    }
    clearTimeout(this.retries.get(folderId))
    this.retries.delete(folderId)
    // The whole run counts as one import: a compaction between its batches would start over.
    const run = this.deps.compactor
      .importing(() => this.loop(folderId))
      // Never an unhandled rejection, which would end web mode's process: what the loop did not
      // expect is shown on its folder, if the folder is still there.
      .catch((error: unknown) => {
        if (!this.deps.folders.find(folderId)) return
        const coreError =
          error instanceof CoreError
            ? error
            : new CoreError('INTERNAL', `Fetching older mail stopped (${String(error)}). Try again.`)
        this.errors.set(folderId, coreError.toApiError())
        this.announce(folderId)
      })
      .finally(() => {
        this.loops.delete(folderId)
        if (this.kickAgain.delete(folderId)) this.kick(folderId)
      })
    this.loops.set(folderId, run)
  }

  /** Resolves once no backfill is running (each has ended its run, done or not). */
  async settled(): Promise<void> {
    while (this.loops.size > 0) await Promise.all(this.loops.values())
  }

  private async loop(folderId: number): Promise<void> {
    while (!this.closed && this.repo.get(folderId)?.state === 'running') {
      const folder = this.deps.folders.find(folderId)
      const account = folder && this.deps.accounts.find(folder.accountId)
      if (!folder || !account) return
      if (account.state !== 'active') {
        // Paused for sign-in: stays 'running', saying why it does not move (started meanwhile, or
        // after a restart); signing in again resumes it and clears this (resumeAccount).
        this.errors.set(
          folderId,
          new CoreError(
            'AUTH_FAILED',
            `Waiting for ${account.email} to be signed in again.`,
            'password'
          ).toApiError()
        )
        this.announce(folderId)
        return
      }
      // The user stopped syncing the folder, or it is gone from the server (deleted or renamed
      // where that could not be told): its backfill stops too, resumable if it comes back.
      if (!folder.syncEnabled || !folder.onServer) {
        this.repo.setState(folderId, 'paused', this.deps.clock.now())
        this.announce(folderId)
        return
      }
      let more: boolean
      try {
        const result = await this.deps.sync.runOnline(account.id, async (session) => {
          await this.measure(session.client, account.id)
          return backfillBatch({ ...this.deps, repo: this.repo, failures: this.failures }, session, folder)
        })
        more = result.more
      } catch (error) {
        if (this.closed) return
        // The folder went with its account (disconnected and deleted) while the batch waited: nothing to report on.
        if (!this.deps.folders.find(folderId)) return
        // Refused because the mailbox is being archived, which paused this backfill before the
        // batch got its turn: no failure of the backfill's. Shown, "being disconnected" stayed on
        // it in the archive, and after signing in again (resumeAccount clears only sign-in waits).
        if (isArchiving(error) && this.repo.get(folderId)?.state !== 'running') return
        // Renumbered on the server: a pass re-matches its mail at the new UIDs (uidvalidity-rematch.ts),
        // once per renumbering, and the batch goes on from there. Nothing else runs that pass for
        // `rapport backfill`, and in the app the next poll may be minutes away.
        if (error instanceof FolderRenumbered && this.resyncedFor.get(folderId) !== error.uidValidity) {
          this.resyncedFor.set(folderId, error.uidValidity)
          const failed = await this.deps.sync.run(account.id).then(
            () => null,
            (passError: unknown) => passError
          )
          if (failed === null) continue
          return this.failed(folderId, account, failed)
        }
        return this.failed(folderId, account, error)
      }
      // The folder went with its account (disconnected and deleted) while the batch's own session
      // logged out: nothing to report on.
      if (!this.deps.folders.find(folderId)) return
      this.errors.delete(folderId)
      this.failedInARow.delete(folderId)
      if (!more) {
        this.repo.setState(folderId, 'done', this.deps.clock.now())
        // As after a large import: one segment per index instead of many, for search. Counted
        // over the whole backfill, through pauses and restarts.
        this.deps.compactor.afterImport(this.repo.takeUnmerged(folderId))
      }
      this.announce(folderId)
      // The run's last folder is done: announced at its total, the figure goes until the next start.
      if (!more && !this.repo.run(account.id).some((r) => r.state !== 'done')) this.repo.endRun(account.id)
      // Let the UI's requests and other events through before the next batch.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** Shows why the batch failed; still "running", it tries again later unless the user pauses. */
  private failed(folderId: number, account: AccountRecord, error: unknown): void {
    if (this.closed || !this.deps.folders.find(folderId)) return
    const coreError = error instanceof CoreError ? error : toServerError(error, 'imap', account.imap.host)
    this.errors.set(folderId, coreError.toApiError())
    this.announce(folderId)
    // A refused login paused the account: retrying cannot help, signing in again resumes it.
    if (this.deps.accounts.find(account.id)?.state !== 'active') return
    // A cut, offline, a server restart: tried again soon, then less often while it keeps failing.
    const maxMs = this.deps.retryMs ?? 30_000
    const attempt = this.failedInARow.get(folderId) ?? 0
    this.failedInARow.set(folderId, attempt + 1)
    clearTimeout(this.retries.get(folderId))
    const timer = setTimeout(
      () => {
        this.retries.delete(folderId)
        this.kick(folderId)
      },
      backoffDelay(attempt, { baseMs: Math.min(FIRST_RETRY_MS, maxMs), maxMs })
    )
    timer.unref()
    this.retries.set(folderId, timer)
  }

  private folder(folderId: number): FolderRecord {
    const folder = this.deps.folders.find(folderId)
    if (!folder) throw new CoreError('NOT_FOUND', `There is no folder with id ${folderId}.`, 'folderId')
    return folder
  }

  /** The messages the folder holds at its current numbering. */
  private held(folder: FolderRecord): number {
    return folder.uidValidity === null ? 0 : this.deps.folders.localCount(folder.id, folder.uidValidity)
  }

  /** The account's figure over the folders of its current run (none: no run). */
  private overall(accountId: number): BackfillStatus['overall'] {
    return backfillOverall(this.repo.run(accountId), (folderId) => {
      const folder = this.deps.folders.find(folderId)
      return folder ? this.held(folder) : 0
    })
  }

  /**
   * Before a batch, on the account's lane: the server counts of the run's folders not counted yet,
   * so the overall total holds them all from the start.
   */
  private async measure(client: ImapFlow, accountId: number): Promise<void> {
    const unmeasured = this.repo
      .run(accountId)
      .filter((r) => r.state !== 'done' && r.total === 0 && !this.measured.has(r.folderId))
      .map((r) => this.deps.folders.find(r.folderId))
      .filter((f): f is FolderRecord => f !== null && f.onServer && f.syncEnabled)
    for (const folderId of await measureRun(client, unmeasured, this.repo)) this.measured.add(folderId)
  }

  private describe(
    folder: FolderRecord,
    overall: BackfillStatus['overall'],
    row: BackfillRow | null = this.repo.get(folder.id)
  ): BackfillStatus {
    const local = this.held(folder)
    return {
      folderId: folder.id,
      accountId: folder.accountId,
      folder: folder.path,
      state: row?.state ?? 'idle',
      done: local,
      // 0 until a batch has counted the server's messages: what is stored here alone would
      // read as "2 of 2", a folder complete that the server holds more of.
      total: row && row.total > 0 ? Math.max(row.total, local) : 0,
      error: this.errors.get(folder.id) ?? null,
      overall
    }
  }

  private announce(folderId: number): BackfillStatus {
    const folder = this.folder(folderId)
    const status = this.describe(folder, this.overall(folder.accountId))
    this.deps.events.emit('sync.backfill', status)
    return status
  }
}

/** The refusal of work on a mailbox being archived (LeavingAccounts) or archived already. */
const isArchiving = (error: unknown): boolean =>
  error instanceof CoreError && error.code === 'ACCOUNT_ARCHIVED'
