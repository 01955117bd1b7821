import type { SearchIndexStatus } from '../../../src-preload/contract'
import type { Database } from '../db/database'
import { nextTurn, type IndexCompactor } from './index-compaction'
import { beginSearchIndexUpgrade, MessageReindexer, REBUILD_PAGE } from './search-reindex'

type Options = {
  /** Told where the rebuild stands: once when it starts, after every page, and when it ends. */
  report: (status: SearchIndexStatus) => void
  log: (message: string) => void
  /** Merges the segments the pages leave, once the rebuild is done; waits while it runs. */
  compactor?: IndexCompactor
  /** Awaited once, after the first page: end-to-end tests hold the rebuild there. */
  hold?: () => Promise<void>
  /** Between pages; tests step the pages themselves. */
  yieldTurn?: () => Promise<void>
  pageSize?: number
  /**
   * How long to wait before each try after a failed page; tests pass their own, and the CLI none
   * (it exits after its command, so a failure waits for the next run).
   */
  retryDelaysMs?: readonly number[]
  /** Sets a timer that must not keep the process alive; tests pass their own. */
  setRetryTimer?: (run: () => void, ms: number) => { cancel: () => void }
}

const IDLE: SearchIndexStatus = { rebuilding: false, done: 0, total: 0 }

/**
 * A page fails when the workspace is busy past its lock timeout (the CLI importing beside the
 * app, a backup holding it): tried again after 30 s, then 1, 2, 5 and 10 minutes while no page
 * gets done. After that it waits for the next open, as a failure that keeps coming back is not
 * worth trying all day.
 */
export const RETRY_DELAYS_MS = [30_000, 60_000, 120_000, 300_000, 600_000] as const

const unrefTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms)
  timer.unref()
  return { cancel: () => clearTimeout(timer) }
}

const inWords = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : `${ms / 60_000} min`)

/**
 * Brings the search indexes of a workspace built by an older indexer up to date without holding
 * the workspace: the quick part (contacts, comments, an upgrade in place) when it opens, the
 * messages (~40 s at 100k) afterwards, one page per transaction with a turn of the event loop
 * between pages, so the UI and sync go on meanwhile and the user sees how far it is. Search keeps
 * working: each message's entries are replaced in place (MessageReindexer), none cleared up front.
 *
 * The position is kept in the workspace after every page, so a quit resumes where it stopped;
 * the index version is recorded only when the last page is done.
 */
export class SearchIndexRebuild {
  private state: SearchIndexStatus = IDLE
  private running: Promise<void> | null = null
  private stopped = false
  private failures = 0
  private retry: { cancel: () => void } | null = null
  private readonly yieldTurn: () => Promise<void>

  constructor(
    private readonly db: Database,
    private readonly options: Options
  ) {
    this.yieldTurn = options.yieldTurn ?? nextTurn
  }

  /**
   * At open: does the quick part now and starts the message rebuild, if one is needed or was cut
   * short, from the next turn (the open returns first). Returns whether one runs.
   */
  start(): boolean {
    const { pending } = beginSearchIndexUpgrade(this.db)
    if (!pending || this.stopped) return false
    this.state = { rebuilding: true, done: pending.done, total: pending.total }
    this.running = this.run()
    return true
  }

  /** Tries again from `reached`, where the last page done left it, unless that was the last try. */
  private retryLater(reached: SearchIndexStatus): void {
    const delay = this.retryDelay()
    if (delay === undefined || this.stopped) return
    this.retry = (this.options.setRetryTimer ?? unrefTimer)(() => {
      this.retry = null
      if (this.stopped) return
      this.state = reached
      this.running = this.run()
    }, delay)
  }

  /** The wait before the next try, after `failures` failed tries; undefined after the last. */
  private retryDelay(): number | undefined {
    return (this.options.retryDelaysMs ?? RETRY_DELAYS_MS)[this.failures - 1]
  }

  /** Where the rebuild stands now (rebuilding false when none runs). */
  status(): SearchIndexStatus {
    return this.state
  }

  /**
   * Resolves once no page runs (the CLI waits for it before it exits). A try planned after a
   * failure is not waited for: its timer does not keep the process alive.
   */
  async settled(): Promise<void> {
    await this.running
  }

  /** No further pages: the database is about to close. The page under way has committed. */
  stop(): void {
    this.stopped = true
    this.retry?.cancel()
    this.retry = null
  }

  private async run(): Promise<void> {
    const { compactor, report, log } = this.options
    let hold = this.options.hold
    let failed: SearchIndexStatus | null = null
    const work = async () => {
      const reindexer = new MessageReindexer(this.db, this.options.pageSize ?? REBUILD_PAGE)
      await this.yieldTurn()
      if (this.stopped) return 0
      report(this.state)
      for (;;) {
        const step = reindexer.step()
        // Null: finished elsewhere (search.reindex, or another process on this workspace).
        if (!step || step.finished) break
        this.state = { rebuilding: true, done: step.done, total: step.total }
        // A page that fails after this one starts the waits over (30 s first).
        this.failures = 0
        report(this.state)
        await this.yieldTurn()
        if (hold) await hold()
        hold = undefined
        if (this.stopped) return 0
      }
      const total = this.state.total
      this.state = { rebuilding: false, done: total, total }
      report(this.state)
      return total
    }
    try {
      const indexed = compactor ? await compactor.importing(work) : await work()
      // Each page left a segment in both indexes: merged as after a large import.
      if (indexed > 0) compactor?.afterImport(indexed)
    } catch (error) {
      // Search still works, on the entries each message has (old or new); a later try, or the
      // next open, resumes after the last page done.
      failed = this.state
      this.state = IDLE
      if (!this.stopped) {
        report(this.state)
        this.failures++
        const next = this.retryDelay()
        const then =
          next === undefined
            ? 'the update continues when Rapport next opens'
            : `Rapport tries again in ${inWords(next)}`
        log(`Updating the search index failed (${String(error)}); search finds mail as before, and ${then}.`)
      }
    } finally {
      this.running = null
    }
    if (failed) this.retryLater(failed)
  }
}
