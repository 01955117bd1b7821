import type { Database } from '../db/database'

/**
 * Runs one batch of imported mail as a transaction that does not wait for the disk.
 *
 * The database runs synchronous=FULL because CRM rows are typed by the user. Imported mail can
 * be fetched again, and its batch commits together with the folder's sync progress, so after a
 * power cut the two roll back together and the next pass fetches that mail again. A process
 * crash loses nothing either way (the WAL is in the OS's hands at commit). The next FULL commit,
 * any user write, syncs the WAL and with it every batch before it. This saves one fsync per
 * batch: on a busy disk that was a tenth of a 10k import.
 *
 * IMMEDIATE: a batch reads (threads, contacts) before it writes, and a deferred transaction asking
 * for the write lock after another process's commit fails at once, with no busy timeout: a
 * `rapport sync` beside the app or another sync failed at its first such batch.
 */
export function importTransaction<T>(db: Database, work: () => T): T {
  db.pragma('synchronous = NORMAL')
  try {
    return db.transaction(work).immediate()
  } finally {
    db.pragma('synchronous = FULL')
  }
}
