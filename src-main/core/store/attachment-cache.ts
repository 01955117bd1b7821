import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

/** Attachments larger than this are not kept offline (the same 25 MB a message may carry when sent). */
export const MAX_CACHED_ATTACHMENT = 25 * 1024 * 1024

/**
 * Attachment bytes, cached at import so mail deleted on the server keeps its attachments.
 * Content-addressed files in the data directory (attachments/ab/<sha256>), not SQLite blobs:
 * the database stays small (fast WAL, backups and VACUUM), an attachment forwarded many times
 * is kept once, and writes are idempotent, so a crash between the file and the commit leaves
 * at most an unreferenced file. attachments.cache_path holds the key, never an absolute path.
 */
export class AttachmentCache {
  constructor(
    readonly dir: string,
    private readonly maxBytes = MAX_CACHED_ATTACHMENT
  ) {}

  /** Stores the bytes and returns their key, or null when they are too large to keep. */
  put(content: Buffer): string | null {
    if (content.length > this.maxBytes) return null
    const hash = createHash('sha256').update(content).digest('hex')
    const key = `${hash.slice(0, 2)}/${hash}`
    const file = join(this.dir, key)
    if (existsSync(file)) return key
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true })
    // Parse workers share the process id: two of them may write the same attachment at once.
    const temp = `${file}.${process.pid}.${threadId}.tmp`
    writeFileSync(temp, content)
    renameSync(temp, file)
    return key
  }

  /** The bytes for a key, or null when the file is gone. */
  read(key: string): Buffer | null {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) return null
    const file = join(this.dir, key)
    return existsSync(file) ? readFileSync(file) : null
  }

  /** Deletes the files of these keys that no attachment row refers to any more. */
  release(db: Database, keys: Iterable<string>): void {
    const used = db.prepare('SELECT 1 FROM attachments WHERE cache_path = ? LIMIT 1')
    for (const key of new Set(keys)) {
      if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key) || used.get(key)) continue
      rmSync(join(this.dir, key), { force: true })
    }
  }
}
