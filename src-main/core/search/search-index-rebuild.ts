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
}

const IDLE: SearchIndexStatus = { rebuilding: false, done: 0, total: 0 }

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

  /** Where the rebuild stands now (rebuilding false when none runs). */
  status(): SearchIndexStatus {
    return this.state
  }

  /** Resolves once no rebuild runs (the CLI waits for it before it exits). */
  async settled(): Promise<void> {
    await this.running
  }

  /** No further pages: the database is about to close. The page under way has committed. */
  stop(): void {
    this.stopped = true
  }

  private async run(): Promise<void> {
    const { compactor, report, log } = this.options
    let hold = this.options.hold
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
      // Search still works, on the entries each message has (old or new); the next open resumes.
      this.state = IDLE
      if (!this.stopped) {
        report(this.state)
        log(
          `Updating the search index failed (${String(error)}); search finds mail as before, and the update continues when Rapport next opens.`
        )
      }
    } finally {
      this.running = null
    }
  }
}
