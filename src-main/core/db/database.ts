import BetterSqlite3, { type Database } from 'better-sqlite3'
import { bundledMigrations, type Migration } from './migrations'
import { migrate } from './migrator'

export type { Database }

/**
 * Opens (or creates) the workspace database: one writer connection, WAL, foreign keys on.
 * synchronous=FULL because the CRM rows are typed by the user and cannot be re-fetched.
 */
export function openDatabase(file: string, migrations: Migration[] = bundledMigrations): Database {
  const db = new BetterSqlite3(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
