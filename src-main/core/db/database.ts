import BetterSqlite3, { type Database } from 'better-sqlite3'
import { bundledMigrations, type Migration } from './migrations'
import { migrate } from './migrator'
import { privateDatabaseFile } from './private-files'
import { registerSearchTextFunctions } from '../search/search-text-sql'

export type { Database }

/**
 * Opens (or creates) the workspace database: one writer connection, WAL, foreign keys on.
 * synchronous=FULL because the CRM rows are typed by the user and cannot be re-fetched.
 */
export function openDatabase(file: string, migrations: Migration[] = bundledMigrations): Database {
  privateDatabaseFile(file)
  const db = new BetterSqlite3(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Checkpoint every ~16 MB of WAL rather than SQLite's 4 MB: an import rewrites the same hot
    // b-tree and FTS pages in every transaction, and each checkpoint copies them back and syncs
    // the file. Storing 60k messages (2026-12-02): 0.88 ms a message at 4 MB, 0.74 at 16 MB, 0.72
    // at 40 MB; but a checkpoint runs inside the commit that triggers it, and the slowest 1 % of
    // 25-message commits took 63, 70 and 97 ms. The WAL file is cut back to 16 MB after a
    // checkpoint, so a finished import leaves no large file behind.
    // Checkpoints stay on this connection. A worker thread pre-copying frames (PASSIVE, every
    // 50 ms of import commits) cut this thread's commit time by a third in isolation, but a 10k
    // sync on two cores took the same wall time (20.5 vs 20.7 s) with 7 % more CPU and 7-20 MB
    // more memory (2026-12-02): the cores are already shared by parsing and the IMAP server.
    db.pragma('wal_autocheckpoint = 4000')
    db.pragma('journal_size_limit = 16777216')
    // Before anything writes: the comment index triggers call them (migration 0030).
    registerSearchTextFunctions(db)
    migrate(db, migrations)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
