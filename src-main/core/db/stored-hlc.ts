import type { Database } from 'better-sqlite3'

// Shaped like a timestamp from HybridClock (15 digits, 4 base-36 digits, node id). Test and bench
// rows carry placeholders such as 'h', which sort after every real timestamp and must not count.
const HLC_GLOB = `${'[0-9]'.repeat(15)}-${'[0-9a-z]'.repeat(4)}-?*`

/**
 * The highest timestamp stored in any table with an `hlc` column, or undefined when there is none.
 * A full scan of each table, so only for a workspace whose clock kept no last value: 100k rows in
 * each of contacts, contact_emails, conversations and comments took 22 ms
 * in all (warm cache, 2026-12-07).
 */
export function highestStoredHlc(db: Database): string | undefined {
  const tables = db
    .prepare(
      `SELECT m.name FROM sqlite_schema m
       WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'hlc')`
    )
    .pluck()
    .all() as string[]
  if (tables.length === 0) return undefined
  const highest = tables
    .map((table) => `SELECT MAX(hlc) AS hlc FROM "${table}" WHERE hlc GLOB @glob`)
    .join(' UNION ALL ')
  const value = db.prepare(`SELECT MAX(hlc) FROM (${highest})`).pluck().get({ glob: HLC_GLOB }) as
    string | null
  return value ?? undefined
}
