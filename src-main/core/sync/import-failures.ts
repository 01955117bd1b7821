import type { Database, Statement } from 'better-sqlite3'

/**
 * Messages fetched but not stored, by folder and UID. A message the store cannot take must not
 * stop the import at its UID for every pass to come (no new mail at all); it is set aside here,
 * counted in the sync status and fetched again by each pass until it goes in.
 */
export class ImportFailures {
  private readonly insert: Statement
  private readonly remove: Statement
  private readonly ofFolder: Statement
  private readonly ofAccount: Statement

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO import_failures (folder_id, uid_validity, uid, error, failed_at)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET error = excluded.error, failed_at = excluded.failed_at`)
    this.remove = db.prepare(`DELETE FROM import_failures WHERE folder_id = ? AND uid_validity = ?
      AND uid IN (SELECT value FROM json_each(?))`)
    this.ofFolder = db.prepare('SELECT uid FROM import_failures WHERE folder_id = ? AND uid_validity = ?')
    this.ofAccount = db.prepare(`SELECT count(*) AS n FROM import_failures i
      JOIN folders f ON f.id = i.folder_id WHERE f.account_id = ? AND i.uid_validity = f.uid_validity`)
  }

  record(folderId: number, uidValidity: number, uid: number, error: string): void {
    this.insert.run(folderId, uidValidity, uid, error, Date.now())
  }

  /** Stored at last (or gone): called in the transaction that stored them. */
  clear(folderId: number, uidValidity: number, uids: number[]): void {
    this.remove.run(folderId, uidValidity, JSON.stringify(uids))
  }

  uids(folderId: number, uidValidity: number): number[] {
    return (this.ofFolder.all(folderId, uidValidity) as Array<{ uid: number }>).map((r) => r.uid)
  }

  count(accountId: number): number {
    return (this.ofAccount.get(accountId) as { n: number }).n
  }
}
