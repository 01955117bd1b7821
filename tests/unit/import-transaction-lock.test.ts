import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { importTransaction } from '../../src-main/core/store/import-transaction'

// Two Rapport processes on one data directory (the app and `rapport sync`): each is one
// connection to the same file. The other process is played by a second connection here.
describe('a batch of imported mail', () => {
  let dir: string
  let db: Database
  let other: BetterSqlite3.Database

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-import-lock-'))
    db = openDatabase(join(dir, 'rapport.sqlite'), [])
    db.exec('CREATE TABLE t (n INTEGER)')
    // Its busy timeout 0: the test sees at once that it would have to wait.
    other = new BetterSqlite3(join(dir, 'rapport.sqlite'), { timeout: 0 })
  })

  afterEach(() => {
    other.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('holds the write lock from its start, so a write of another process between its read and its write waits instead of failing it', () => {
    let otherWrite: string | null = null
    const count = importTransaction(db, () => {
      const before = (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n
      try {
        other.prepare('INSERT INTO t VALUES (1)').run()
        otherWrite = 'done'
      } catch (error) {
        otherWrite = (error as { code?: string }).code ?? 'error'
      }
      db.prepare('INSERT INTO t VALUES (?)').run(before)
      return before
    })
    // Begun deferred, the other process wrote in the middle, and this write then failed at once
    // (SQLITE_BUSY, no busy timeout for a read turning into a write): a sync beside the app or
    // another `rapport sync` failed at its next batch.
    expect(otherWrite).toBe('SQLITE_BUSY')
    expect(count).toBe(0)
    expect(other.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 })
  })
})
