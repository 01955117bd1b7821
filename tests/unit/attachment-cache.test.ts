import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AttachmentCache, cacheOrSkip, RECENTLY_CACHED_MS } from '../../src-main/core/store/attachment-cache'

const dirs: string[] = []
const caches: AttachmentCache[] = []
afterEach(() => {
  for (const cache of caches.splice(0)) cache.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function newCache(maxBytes?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-blobs-'))
  dirs.push(dir)
  const cache = new AttachmentCache(dir, maxBytes)
  caches.push(cache)
  return { dir, cache }
}

/** A workspace with the one table release() consults. */
function workspaceReferencing(...keys: string[]) {
  const db = new BetterSqlite3(':memory:')
  db.exec('CREATE TABLE attachments (cache_path TEXT)')
  for (const key of keys) db.prepare('INSERT INTO attachments (cache_path) VALUES (?)').run(key)
  return db
}

/** As if every blob had been cached over an hour ago (no import can still be storing them). */
function cachedLongAgo(dir: string) {
  const db = new BetterSqlite3(join(dir, 'blobs.db'))
  db.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - RECENTLY_CACHED_MS - 1000)
  db.close()
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('attachment cache', () => {
  it('keys bytes by their SHA-256, keeps each once, and reads them back from another connection', () => {
    const { dir, cache } = newCache()
    const pdf = Buffer.from('%PDF-1.7 quote')
    const key = cache.put(pdf)
    expect(key).toBe(`${sha(pdf).slice(0, 2)}/${sha(pdf)}`)
    expect(cache.put(Buffer.from(pdf))).toBe(key)
    // What a parse worker writes, the core reads through its own connection.
    const other = new AttachmentCache(dir)
    caches.push(other)
    expect(other.read(key!)).toEqual(pdf)
    const db = new BetterSqlite3(join(dir, 'blobs.db'), { readonly: true })
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 })
    db.close()
    // One database file, not a file per attachment.
    expect(readdirSync(dir).filter((name) => !name.startsWith('blobs.db'))).toEqual([])
  })

  it('does not keep bytes over the limit, and refuses keys that are not its own', () => {
    const { cache } = newCache(8)
    expect(cache.put(Buffer.alloc(9))).toBeNull()
    expect(cache.read('../../etc/passwd')).toBeNull()
    expect(cache.read(`ab/${'0'.repeat(64)}`)).toBeNull()
  })

  it('releases only bytes no attachment row refers to, and gives the space back', () => {
    const { dir, cache } = newCache()
    const big = Buffer.alloc(4 * 1024 * 1024, 7)
    const kept = cache.put(Buffer.from('still attached'))!
    const dropped = cache.put(big)!
    cachedLongAgo(dir)
    cache.release(workspaceReferencing(kept), [kept, dropped])
    expect(cache.read(kept)?.toString()).toBe('still attached')
    expect(cache.read(dropped)).toBeNull()
    cache.close()
    // Closing checkpoints the WAL into the file: without the vacuum it would keep the 4 MB, free.
    expect(statSync(join(dir, 'blobs.db')).size).toBeLessThan(big.length / 4)
  })

  it('releases no bytes cached within the hour (an import may be about to store them): the sweep takes them', () => {
    const { dir, cache } = newCache()
    const older = cache.put(Buffer.from('released long ago, used by nothing'))!
    cachedLongAgo(dir)
    const recent = cache.put(Buffer.from('parsed by an import under way'))!
    cache.release(workspaceReferencing(), [older, recent])
    expect(cache.read(older)).toBeNull()
    expect(cache.read(recent)?.toString()).toBe('parsed by an import under way')
    // Cached again now (another import of the same attachment): kept, though it was old.
    const again = cache.put(Buffer.from('old, cached again'))!
    cachedLongAgo(dir)
    cache.put(Buffer.from('old, cached again'))
    cache.release(workspaceReferencing(), [again])
    expect(cache.read(again)?.toString()).toBe('old, cached again')
    // Nothing stored them: the sweep at a start an hour on takes them.
    expect(cache.sweep(workspaceReferencing(), Date.now() + 1)).toBe(2)
    expect(cache.read(recent)).toBeNull()
    expect(cache.read(again)).toBeNull()
  })

  it('sweeps bytes no attachment row refers to (mail never stored), and keeps the rest', () => {
    const { dir, cache } = newCache()
    const kept = cache.put(Buffer.from('stored with its message'))!
    const orphans = [
      cache.put(Buffer.alloc(1024 * 1024, 1))!,
      cache.put(Buffer.from('parsed, never stored'))!
    ]
    // Stored just now, they may belong to an import under way (its commit comes after the parse).
    expect(cache.sweep(workspaceReferencing(kept), Date.now() - 60_000)).toBe(0)
    for (const key of orphans) expect(cache.read(key)).not.toBeNull()
    // Cached again now by an import under way, an orphan's bytes are new again, whatever its age.
    const hourAgo = Date.now() - 3_600_000
    const again = new BetterSqlite3(join(dir, 'blobs.db'))
    again.prepare('UPDATE blobs SET stored_at = ?').run(hourAgo - 1)
    again.close()
    cache.put(Buffer.from('parsed, never stored'))
    expect(cache.sweep(workspaceReferencing(kept), hourAgo)).toBe(1)
    expect(cache.read(orphans[1]!)).not.toBeNull()
    const later = Date.now() + 1
    expect(cache.sweep(workspaceReferencing(kept), later)).toBe(1)
    expect(cache.read(kept)?.toString()).toBe('stored with its message')
    for (const key of orphans) expect(cache.read(key)).toBeNull()
    expect(cache.sweep(workspaceReferencing(kept), later)).toBe(0)
    // A cache never written is left as it is: no blobs.db made to sweep it.
    const { dir: empty, cache: unused } = newCache()
    expect(unused.sweep(workspaceReferencing(), later)).toBe(0)
    expect(existsSync(join(empty, 'blobs.db'))).toBe(false)
    expect(existsSync(join(dir, 'blobs.db'))).toBe(true)
  })

  it('sweeps the blobs of a cache made before blobs had a time, as old ones', () => {
    const { dir, cache } = newCache()
    mkdirSync(dir, { recursive: true })
    const old = new BetterSqlite3(join(dir, 'blobs.db'))
    old.exec('CREATE TABLE blobs (key TEXT PRIMARY KEY, bytes BLOB NOT NULL)')
    old.prepare('INSERT INTO blobs (key, bytes) VALUES (?, ?)').run(`ab/${'a'.repeat(64)}`, Buffer.from('x'))
    old.close()
    const fresh = cache.put(Buffer.from('cached by this version'))!
    expect(cache.sweep(workspaceReferencing(), Date.now() - 60_000)).toBe(1)
    expect(cache.read(fresh)?.toString()).toBe('cached by this version')
  })

  it('still reads, and releases, attachments cached as files by older versions', () => {
    const { dir, cache } = newCache()
    const bytes = Buffer.from('cached by 0.x')
    const key = `${sha(bytes).slice(0, 2)}/${sha(bytes)}`
    mkdirSync(join(dir, key.slice(0, 2)))
    writeFileSync(join(dir, key), bytes)
    expect(cache.read(key)).toEqual(bytes)
    cache.release(workspaceReferencing(), [key])
    expect(existsSync(join(dir, key))).toBe(false)
    expect(cache.read(key)).toBeNull()
  })

  it('survives a damaged blobs.db: writes fail (and are skipped), old files still read, release does not throw', () => {
    const { dir, cache } = newCache()
    writeFileSync(join(dir, 'blobs.db'), 'this is not a SQLite database, it only looks like one'.repeat(200))
    const bytes = Buffer.from('cached by 0.x')
    const key = `${sha(bytes).slice(0, 2)}/${sha(bytes)}`
    mkdirSync(join(dir, key.slice(0, 2)))
    writeFileSync(join(dir, key), bytes)
    expect(() => cache.put(Buffer.from('new'))).toThrow(/not a database/)
    const errors: unknown[] = []
    expect(cacheOrSkip(cache, Buffer.from('new'), (error) => errors.push(error))).toBeNull()
    expect(errors).toHaveLength(1)
    expect(cache.read(key)).toEqual(bytes)
    expect(() => cache.release(workspaceReferencing(), [key])).not.toThrow()
    expect(existsSync(join(dir, key))).toBe(false)
  })

  it('does not open again once closed: late writes are skipped, not leaked', () => {
    const { dir, cache } = newCache()
    const key = cache.put(Buffer.from('before'))!
    cache.close()
    expect(cacheOrSkip(cache, Buffer.from('after'), () => {})).toBeNull()
    expect(cache.read(key)).toBeNull()
    const db = new BetterSqlite3(join(dir, 'blobs.db'), { readonly: true })
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 })
    db.close()
  })

  it('releases from a blobs.db made without auto_vacuum, where vacuuming frees nothing', () => {
    const { dir, cache } = newCache()
    const plain = new BetterSqlite3(join(dir, 'blobs.db'))
    plain.exec('CREATE TABLE blobs (key TEXT PRIMARY KEY, bytes BLOB NOT NULL)')
    plain.close()
    const key = cache.put(Buffer.alloc(64 * 1024, 1))!
    cachedLongAgo(dir)
    cache.release(workspaceReferencing(), [key])
    expect(cache.read(key)).toBeNull()
  })
})
