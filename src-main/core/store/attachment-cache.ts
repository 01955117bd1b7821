import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3'

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
 * Attachment bytes, cached at import so mail deleted on the server keeps its attachments.
 * Content-addressed by SHA-256 ("ab/<sha256>", the key attachments.cache_path holds), so an
 * attachment forwarded many times is kept once and a write is idempotent: a crash between the
 * write and the workspace's commit leaves at most an unreferenced blob, never a row pointing at
 * a missing one.
 *
 * The bytes live in their own SQLite file (attachments/blobs.db), not the workspace database, so
 * that stays small (fast WAL, backups and VACUUM). Not one file per attachment: creating a file
 * cost ~1.4 ms on our CI machines' disks, which made writing the cache slower than parsing the
 * mail (a 10k import spent 3.6 s creating 2,588 files; the same rows take 0.5 s). Parse workers
 * each open their own connection; WAL lets them and the core write and read side by side.
 * Caches written by older versions (files at attachments/ab/<sha256>) are still read.
 */
export class AttachmentCache {
  private connection: { db: Database; insert: Statement; select: Statement; remove: Statement } | null = null

  constructor(
    readonly dir: string,
    private readonly maxBytes = MAX_CACHED_ATTACHMENT
  ) {}

  /** Stores the bytes and returns their key, or null when they are too large to keep. */
  put(content: Buffer): string | null {
    if (content.length > this.maxBytes) return null
    const hash = createHash('sha256').update(content).digest('hex')
    const key = `${hash.slice(0, 2)}/${hash}`
    this.open().insert.run(key, content)
    return key
  }

  /** The bytes for a key, or null when they are not cached. */
  read(key: string): Buffer | null {
    if (!KEY.test(key)) return null
    const row = this.open().select.get(key) as { bytes: Buffer } | undefined
    if (row) return row.bytes
    const legacyFile = join(this.dir, key)
    return existsSync(legacyFile) ? readFileSync(legacyFile) : null
  }

  /** Deletes the bytes of these keys that no attachment row of the workspace refers to any more. */
  release(workspace: Database, keys: Iterable<string>): void {
    const used = workspace.prepare('SELECT 1 FROM attachments WHERE cache_path = ? LIMIT 1')
    const { db, remove } = this.open()
    let removed = 0
    for (const key of new Set(keys)) {
      if (!KEY.test(key) || used.get(key)) continue
      removed += remove.run(key).changes
      rmSync(join(this.dir, key), { force: true })
    }
    // Give the freed pages back to the disk: deleted mail may have carried 25 MB attachments.
    if (removed > 0) db.pragma('incremental_vacuum')
  }

  close(): void {
    this.connection?.db.close()
    this.connection = null
  }

  private open(): NonNullable<AttachmentCache['connection']> {
    if (this.connection) return this.connection
    mkdirSync(this.dir, { recursive: true })
    const db = new BetterSqlite3(join(this.dir, 'blobs.db'))
    // auto_vacuum only takes effect before the first table is created, so it comes first.
    db.pragma('auto_vacuum = INCREMENTAL')
    db.pragma('journal_mode = WAL')
    // Like imported mail, the cache can be fetched again after a power loss: no flush per write.
    db.pragma('synchronous = NORMAL')
    // Parse workers and the core write side by side; a write waits for another's to finish.
    db.pragma('busy_timeout = 10000')
    // A 25 MB attachment passes through the WAL; don't keep a WAL that size on disk afterwards.
    db.pragma('journal_size_limit = 67108864')
    // Blobs are written once and read one at a time, so a page cache buys nothing; at SQLite's
    // default 2 MB per connection the core's peak RSS in a 10k import rose from ~271 to ~290 MB.
    db.pragma('cache_size = -256')
    db.exec('CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, bytes BLOB NOT NULL)')
    this.connection = {
      db,
      insert: db.prepare('INSERT OR IGNORE INTO blobs (key, bytes) VALUES (?, ?)'),
      select: db.prepare('SELECT bytes FROM blobs WHERE key = ?'),
      remove: db.prepare('DELETE FROM blobs WHERE key = ?')
    }
    return this.connection
  }
}
