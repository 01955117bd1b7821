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
    // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: an import rewrites the same hot
    // b-tree and FTS pages in every transaction, and each checkpoint copies them back and syncs
    // the file; at 4 MB that was a fifth of the store's time. The WAL file is cut back to
    // 16 MB after a checkpoint so a finished import leaves no large file behind.
    db.pragma('wal_autocheckpoint = 10000')
    db.pragma('journal_size_limit = 16777216')
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
