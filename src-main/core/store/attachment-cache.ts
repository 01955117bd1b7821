import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3'
import { AgeCutoff, type TimeSources } from '../clock-jumps'
import { privateFolder } from '../db/private-files'

/** Attachments larger than this are not kept offline (the same 25 MB a message may carry when sent). */
export const MAX_CACHED_ATTACHMENT = 25 * 1024 * 1024

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/

/**
 * cache.put(), except that a cache that cannot be written (disk full, a damaged blobs.db) costs
 * the offline copy, not the mail: the message is stored without it, and the attachment stays on
 * the server. A throw here would fail every import from then on.
 */
export function cacheOrSkip(
  cache: AttachmentCache,
  content: Buffer,
  onError: (error: unknown) => void
): string | null {
  try {
    return cache.put(content)
  } catch (error) {
    onError(error)
    return null
  }
}

/**
 * Bytes cached this recently may be an import's still waiting for its commit: release() keeps
 * them and sweep() is run only for older ones. An import stores a batch seconds after its parse.
 */
export const RECENTLY_CACHED_MS = 60 * 60_000
/** How long a cache that failed to open is left alone before it is tried again (a full disk). */
const RETRY_OPEN_MS = 60_000
/** Freed pages given back per step, each its own short write, so parse workers are not held up. */
const VACUUM_STEP_PAGES = 1024

type Connection = { db: Database; insert: Statement; select: Statement; remove: Statement }

/**
 * Attachment bytes, cached at import so mail deleted on the server keeps its attachments.
 * Content-addressed by SHA-256 ("ab/<sha256>", the key attachments.cache_path holds), so an
 * attachment forwarded many times is kept once and a write is idempotent: a crash between the
 * write and the workspace's commit leaves at most an unreferenced blob. (A row can still end up
 * without its bytes after a power loss. Opening it then says it is not kept offline.)
 *
 * The bytes live in their own SQLite file (attachments/blobs.db), not the workspace database, so
 * that stays small (fast WAL, backups and VACUUM). Not one file per attachment: creating a file
 * cost ~1.4 ms on our CI machines' disks, which made writing the cache slower than parsing the
 * mail (a 10k import spent 3.6 s creating 2,588 files; the same rows take 0.5 s). Parse workers
 * each open their own connection; WAL lets them and the core write and read side by side.
 * Caches written by older versions (files at attachments/ab/<sha256>) are still read.
 */
export class AttachmentCache {
  private connection: Connection | null = null
  private closed = false
  private failure: { error: unknown; at: number } | null = null
  private readonly recent: AgeCutoff

  constructor(
    readonly dir: string,
    /** Larger attachments are not kept (put() answers null). */
    readonly maxBytes = MAX_CACHED_ATTACHMENT,
    /** The clocks a clock set or a sleep is told from (clock-jumps.ts); tests inject their own. */
    timeSources?: TimeSources
  ) {
    this.recent = new AgeCutoff(RECENTLY_CACHED_MS, timeSources)
  }

  /**
   * Bytes put before this wall time were put RECENTLY_CACHED_MS ago or more in time this process
   * ran: Date.now() - RECENTLY_CACHED_MS, unless the clock was set ahead or the computer slept
   * lately. Otherwise an NTP correction in the middle of an import would make the bytes a parse
   * worker just cached look hours old, and release() or sweep() would delete them before the
   * import's commit refers to them: the mail stored without its offline attachment.
   */
  recentlyCachedSince(): number {
    return this.recent.now()
  }

  /** Stores the bytes and returns their key, or null when they are too large to keep. */
  put(content: Buffer): string | null {
    if (content.length > this.maxBytes) return null
    const hash = createHash('sha256').update(content).digest('hex')
    const key = `${hash.slice(0, 2)}/${hash}`
    this.open().insert.run(key, content, Date.now())
    return key
  }

  /** The bytes for a key, or null when they are not cached (or the cache cannot be read). */
  read(key: string): Buffer | null {
    if (!KEY.test(key)) return null
    const row = this.tryOpen()?.select.get(key) as { bytes: Buffer } | undefined
    if (row) return row.bytes
    const legacyFile = join(this.dir, key)
    return existsSync(legacyFile) ? readFileSync(legacyFile) : null
  }

  /**
   * Deletes the bytes of these keys that no attachment row of the workspace refers to any more.
   * Best effort: it runs after the rows are gone, and a blob left behind only costs disk space.
   * Bytes put in the last RECENTLY_CACHED_MS (recentlyCachedSince) are kept, whoever releases them: a
   * parse (a worker thread, or another process on the data folder) caches a message's bytes
   * before it is stored, and the same attachment may be under way in another import (the same
   * mail in two mailboxes, a backfill beside a pass). The sweep (at start, and hourly with real time:
   * LifecycleServices.sweepAttachments) takes them once they are older and still unused.
   */
  release(workspace: Database, keys: Iterable<string>): void {
    const used = workspace.prepare('SELECT 1 FROM attachments WHERE cache_path = ? LIMIT 1')
    const unused = [...new Set(keys)].filter((key) => KEY.test(key) && !used.get(key))
    // Files of older versions: an import puts into blobs.db, so none of them is under way.
    for (const key of unused) rmSync(join(this.dir, key), { force: true })
    this.removeBlobs(unused, this.recentlyCachedSince())
  }

  /**
   * Deletes every blob stored before `storedBefore` that no attachment row of the workspace refers
   * to: bytes cached for mail that was never stored (a crash between the parse and the commit, or
   * a release that could not run), and bytes a release kept as recently cached. A parse worker
   * caches a message's attachments before the message is stored, so they are unreferenced for a
   * moment: the age keeps an import under way (another process on the same data folder, the CLI
   * beside the app) out of the sweep. Reads keys only (the primary key's index, not the bytes):
   * about 30 ms for 20k blobs. Returns how many went.
   */
  sweep(workspace: Database, storedBefore: number): number {
    // No cache written yet: nothing to sweep, and no empty blobs.db made for it.
    if (!this.connection && !existsSync(join(this.dir, 'blobs.db'))) return 0
    let unused: string[]
    try {
      const used = new Set(
        workspace
          .prepare('SELECT DISTINCT cache_path FROM attachments WHERE cache_path IS NOT NULL')
          .pluck()
          .all() as string[]
      )
      const keys = this.open()
        .db.prepare('SELECT key FROM blobs WHERE coalesce(stored_at, 0) < ?')
        .pluck()
        .all(storedBefore) as string[]
      unused = keys.filter((key) => !used.has(key))
    } catch {
      // A cache that cannot be read now is swept at a later start; it costs only disk space.
      return 0
    }
    return this.removeBlobs(unused, storedBefore)
  }

  /**
   * Deletes these blobs unless put at or after `storedBefore`, checked in the DELETE itself: a
   * worker's put of the same bytes between a look at stored_at and the delete would lose them.
   * Best effort, as release(): blobs that cannot be deleted now stay until a later try. Returns
   * how many went.
   */
  private removeBlobs(keys: string[], storedBefore: number): number {
    const connection = this.tryOpen()
    if (!connection || keys.length === 0) return 0
    const { db, remove } = connection
    let removed = 0
    try {
      removed = db.transaction(() => keys.reduce((n, key) => n + remove.run(key, storedBefore).changes, 0))()
      // Give the freed pages back to the disk: deleted mail may have carried 25 MB attachments.
      const freePages = () => db.pragma('freelist_count', { simple: true }) as number
      // Until nothing is left, or a step frees nothing (a file made without auto_vacuum).
      for (let free = freePages(), left = free; free > 0; free = left) {
        db.pragma(`incremental_vacuum(${VACUUM_STEP_PAGES})`)
        left = freePages()
        if (left >= free) break
      }
    } catch {
      // Busy for longer than the timeout, or damaged: the blobs stay until a later release.
    }
    return removed
  }

  close(): void {
    this.closed = true
    this.connection?.db.close()
    this.connection = null
  }

  private tryOpen(): Connection | null {
    try {
      return this.open()
    } catch {
      return null
    }
  }

  /**
   * The connection, opened on first use. A cache that fails to open is not retried for a minute:
   * every attachment of an import would otherwise open (and fail) again.
   */
  private open(): Connection {
    if (this.connection) return this.connection
    if (this.closed) throw new Error('The attachment cache is closed.')
    if (this.failure && Date.now() - this.failure.at < RETRY_OPEN_MS) throw this.failure.error
    let db: Database | null = null
    try {
      privateFolder(this.dir)
      db = new BetterSqlite3(join(this.dir, 'blobs.db'))
      this.connection = prepare(db)
      this.failure = null
      return this.connection
    } catch (error) {
      db?.close()
      this.failure = { error, at: Date.now() }
      throw error
    }
  }
}

function prepare(db: Database): Connection {
  // auto_vacuum only takes effect before the first table is created, so it comes first.
  db.pragma('auto_vacuum = INCREMENTAL')
  db.pragma('journal_mode = WAL')
  // Like imported mail, no flush per write: a power loss may cost the last blobs (see above).
  db.pragma('synchronous = NORMAL')
  // Parse workers and the core write side by side; a write waits for another's to finish.
  db.pragma('busy_timeout = 10000')
  // A 25 MB attachment passes through the WAL; don't keep a WAL that size on disk afterwards.
  db.pragma('journal_size_limit = 67108864')
  // Blobs are written once and read one at a time, so a page cache buys nothing; at SQLite's
  // default 2 MB per connection the core's peak RSS in a 10k import rose from ~271 to ~290 MB.
  db.pragma('cache_size = -256')
  db.exec('CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, bytes BLOB NOT NULL, stored_at INTEGER)')
  // A cache from before the sweep (AttachmentCache.sweep) has no time: its blobs count as old.
  const columns = db.pragma('table_info(blobs)') as Array<{ name: string }>
  if (!columns.some((c) => c.name === 'stored_at')) db.exec('ALTER TABLE blobs ADD COLUMN stored_at INTEGER')
  return {
    db,
    // The same bytes cached again (the key is their hash) are new again: an import's put of an
    // attachment an old orphan shares must not be swept as that orphan's age. At most every ten
    // minutes (well inside the sweep's hour): SQLite rewrites the whole row, bytes included, and
    // an import puts a logo or a signature image over and over.
    insert: db.prepare(
      `INSERT INTO blobs (key, bytes, stored_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE
       SET stored_at = excluded.stored_at WHERE coalesce(stored_at, 0) < excluded.stored_at - 600000`
    ),
    select: db.prepare('SELECT bytes FROM blobs WHERE key = ?'),
    remove: db.prepare('DELETE FROM blobs WHERE key = ? AND coalesce(stored_at, 0) < ?')
  }
}
