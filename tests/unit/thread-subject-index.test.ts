import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { SUBJECT_FALLBACK_SQL } from '../../src-main/core/threading/thread-builder'
import { memoryWorkspace, message, store } from './fixtures/workspace'

const planOf = (db: BetterSqlite3.Database) =>
  (
    db
      .prepare(`EXPLAIN QUERY PLAN ${SUBJECT_FALLBACK_SQL}`)
      .all(1, 'invoice march', '["a@b.test"]') as Array<{
      detail: string
    }>
  )
    .map((r) => r.detail)
    .join('\n')

describe('migration 0008: the subject index of threads', () => {
  it('adds threads_by_subject on (account_id, normalized_subject, last_message_at) to a 0007 database', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version <= 7)
    )
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'threads_by_subject'").get()).toBeUndefined()
    expect(migrate(db, bundledMigrations).applied).toContain(8)
    const columns = (
      db.prepare("PRAGMA index_xinfo('threads_by_subject')").all() as Array<{
        name: string | null
        desc: number
        key: number
      }>
    )
      .filter((c) => c.key === 1)
      .map((c) => `${c.name}${c.desc ? ' DESC' : ''}`)
    expect(columns).toEqual(['account_id', 'normalized_subject', 'last_message_at DESC'])
  })

  it('serves the subject fallback from threads_by_subject with one seek and no sort (EXPLAIN QUERY PLAN)', () => {
    const plan = planOf(openDatabase(':memory:'))
    expect(plan).toMatch(
      /SEARCH t USING (COVERING )?INDEX threads_by_subject \(account_id=\? AND normalized_subject=\?\)/
    )
    expect(plan).not.toMatch(/SCAN t/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('joins a reply without references to the newest thread of that subject with a shared participant', () => {
    const ws = memoryWorkspace()
    const dewi = { name: '', address: 'dewi@client.test' }
    const [older] = store(ws, message({ subject: 'Invoice March', from: dewi, date: 1_700_000_000_000 }))
    const [newer] = store(ws, message({ subject: 'invoice  march', from: dewi, date: 1_700_100_000_000 }))
    store(
      ws,
      message({
        subject: 'Invoice March',
        from: { name: '', address: 'x@other.test' },
        date: 1_700_200_000_000
      })
    )
    expect(older).not.toBe(newer)
    const [reply] = store(ws, message({ subject: 'Re: Invoice March', from: dewi, date: 1_700_300_000_000 }))
    expect(reply).toBe(newer)
  })
})
