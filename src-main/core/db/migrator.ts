import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Migration } from './migrations'

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex')
}

/**
 * Applies pending migrations in order, each in its own transaction. Refuses a database whose
 * applied migrations differ from ours (edited after landing) or that is newer than this build,
 * because running on a schema we don't understand could corrupt the user's data.
 */
export function migrate(db: Database, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`)
  const rows = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as Array<{
    version: number
    name: string
    checksum: string
  }>
  const known = new Map(migrations.map((m) => [m.version, m]))
  for (const row of rows) {
    const migration = known.get(row.version)
    if (!migration) {
      throw new MigrationError(
        `This database was created by a newer Rapport (schema ${row.version}, ${row.name}). Update Rapport to open it.`
      )
    }
    if (checksumOf(migration.sql) !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} does not match the one applied to this database (checksum differs). ` +
          'Refusing to open it; restore the database from a backup or use the matching Rapport version.'
      )
    }
  }
  const appliedVersions = new Set(rows.map((r) => r.version))
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)'
  )
  const applied: number[] = []
  for (const migration of migrations) {
    if (appliedVersions.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      record.run(migration.version, migration.name, checksumOf(migration.sql), Date.now())
    })()
    applied.push(migration.version)
  }
  return { applied }
}
