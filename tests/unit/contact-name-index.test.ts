// Migration 0048: an import finds each row with neither email nor phone (a name-only entry of a
// phone book) by its names, with one index seek. Before, each such row read every contact: a
// phone book of 20,000 names into a workspace of 40,000 contacts took over a minute, holding the
// database's write lock (the app's sync and sends waited) all along.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { NAME_MATCH_SQL } from '../../src-main/core/crm/import-match'
import { openDatabase } from '../../src-main/core/db/database'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'

const planOf = (db: BetterSqlite3.Database) =>
  (
    db.prepare(`EXPLAIN QUERY PLAN ${NAME_MATCH_SQL}`).all('Pak Budi', '', '', 'Toko Budi') as Array<{
      detail: string
    }>
  )
    .map((r) => r.detail)
    .join('\n')

describe('migration 0048: contacts by name, for an import', () => {
  it('adds contacts_by_display_name to a 0047 database', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version <= 47)
    )
    const index = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'contacts_by_display_name'"
    expect(db.prepare(index).get()).toBeUndefined()
    migrate(db, bundledMigrations)
    expect(db.prepare(index).get()).toBeDefined()
  })

  it('finds a name-only row with one seek of the index, not a read of every contact (EXPLAIN QUERY PLAN)', () => {
    const plan = planOf(openDatabase(':memory:'))
    expect(plan).toMatch(/SEARCH c USING INDEX contacts_by_display_name \(display_name=\?\)/)
    expect(plan).not.toMatch(/SCAN c\b/)
  })
})
