import type { Database } from '../db/database'
import { importTransaction } from '../store/import-transaction'

/** The message indexes whose segments an import multiplies (comments and contacts stay small). */
const MESSAGE_INDEXES = ['messages_fts', 'message_trigrams'] as const
/** Index pages written per step: ~20–40 ms of work, so the core answers the UI between steps. */
const PAGES_PER_STEP = 500
/** New messages in a pass from which compacting is worth its cost; below, automerge keeps up. */
export const COMPACT_AFTER_MESSAGES = 1000

/** One turn of the event loop: what waits for I/O (a UI command) runs before the next step. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Merges each message index into one segment, a bounded step at a time (FTS5's incremental
 * 'merge' with a negative page count works like 'optimize', in pieces).
 *
 * An import commits every few dozen messages, and each commit adds a segment to every FTS5 index;
 * automerge keeps their number logarithmic, but a query still reads every segment's doclist. At
 * 30k messages, compacting took 0.6 s and made most query forms 30–50 % faster.
 *
 * The index is derived data, so its steps commit without waiting for the disk, as imports do.
 * Returns the number of steps taken.
 */
export async function compactMessageIndexes(
  db: Database,
  yieldTurn = nextTurn,
  stopped: () => boolean = () => false
): Promise<number> {
  const totalChanges = db.prepare('SELECT total_changes()').pluck()
  let steps = 0
  for (const index of MESSAGE_INDEXES) {
    const merge = db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('merge', ?)`)
    for (;;) {
      // Each step is a whole transaction, so stopping between two leaves a valid index.
      if (stopped()) return steps
      const before = totalChanges.get() as number
      importTransaction(db, () => merge.run(-PAGES_PER_STEP))
      steps++
      // FTS5's documented test: a step that merged anything changes at least two rows.
      if ((totalChanges.get() as number) - before < 2) break
      await yieldTurn()
    }
  }
  return steps
}

/** Set while a requested compaction has not finished, so one that a quit cut short resumes. */
const PENDING_KEY = 'search.compaction_pending'

/**
 * Compacts the message indexes after large imports, in the background. A sync pass or a backfill
 * hands its count over and returns at once, so its IMAP session goes back to real time (IDLE, new
 * mail) instead of waiting seconds, at 100k messages, for a merge that needs only the database.
 *
 * One compaction runs at a time, and it waits while imports are under way: a merge starts over
 * whenever a new segment appears, and interleaved with an import's commits it did 6-15 times the
 * work. A large import that ends meanwhile makes it run once more, for the segments written since.
 */
export class IndexCompactor {
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private imports = 0
  private importsEnded: (() => void) | null = null

  constructor(
    private readonly db: Database,
    private readonly log: (message: string) => void,
    private readonly yieldTurn = nextTurn
  ) {}

  /** After an import that stored `stored` messages: compacts when that is enough to be worth it. */
  afterImport(stored: number): void {
    if (stored < COMPACT_AFTER_MESSAGES || this.stopped) return
    this.setPending(true)
    this.start()
  }

  /** Finishes a compaction that was requested but cut short (the app quit during it). */
  resumePending(): void {
    if (this.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(PENDING_KEY)) this.start()
  }

  /** Runs an import; compaction waits until no import is under way. */
  async importing<T>(work: () => Promise<T>): Promise<T> {
    this.imports++
    try {
      return await work()
    } finally {
      if (--this.imports === 0) this.wakeUp()
    }
  }

  /** Resolves once no compaction is running (the CLI waits for it before it exits). */
  async settled(): Promise<void> {
    while (this.running) await this.running
  }

  /** No further steps: the database is about to close. A step under way has already committed. */
  stop(): void {
    this.stopped = true
    this.wakeUp()
  }

  private start(): void {
    if (this.stopped) return
    this.again = true
    this.running ??= this.run()
  }

  private async run(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        this.again = false
        try {
          // The first step waits a turn too: whoever asked finishes (and reports) before any merging.
          await this.turn()
          if (this.stopped) return
          await compactMessageIndexes(
            this.db,
            () => this.turn(),
            () => this.stopped
          )
          if (!this.stopped && !this.again) this.setPending(false)
        } catch (error) {
          // Only speed is lost: the index stays in several segments and search reads them all.
          this.log(`Compacting the search index failed (${String(error)}); search still works, only slower.`)
        }
      }
    } finally {
      // In the same turn as the loop's last check: a request from now on starts a new run.
      this.running = null
    }
  }

  /** A turn of the event loop, then as long as an import is under way. */
  private async turn(): Promise<void> {
    await this.yieldTurn()
    while (this.imports > 0 && !this.stopped)
      await new Promise<void>((resolve) => (this.importsEnded = resolve))
  }

  private wakeUp(): void {
    this.importsEnded?.()
    this.importsEnded = null
  }

  private setPending(pending: boolean): void {
    if (pending)
      this.db
        .prepare(`INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO NOTHING`)
        .run(PENDING_KEY)
    else this.db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_KEY)
  }
}
