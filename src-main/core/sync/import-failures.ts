import type { Database, Statement } from 'better-sqlite3'
import type { UnstoredMessage } from '../../../src-preload/contract'
import type { ParsedMessage } from '../mail/message-parser'

/** What could be read of a message set aside, so the user can tell which one it is. */
export type FailedMessage = Pick<ParsedMessage, 'subject' | 'from'>

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
  private readonly listing: Statement

  constructor(db: Database) {
    this.insert = db.prepare(`INSERT INTO import_failures
      (folder_id, uid_validity, uid, error, failed_at, subject, sender) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET error = excluded.error, failed_at = excluded.failed_at,
        subject = excluded.subject, sender = excluded.sender`)
    this.remove = db.prepare(`DELETE FROM import_failures WHERE folder_id = ? AND uid_validity = ?
      AND uid IN (SELECT value FROM json_each(?))`)
    this.ofFolder = db.prepare('SELECT uid FROM import_failures WHERE folder_id = ? AND uid_validity = ?')
    this.ofAccount = db.prepare(`SELECT count(*) AS n FROM import_failures i
      JOIN folders f ON f.id = i.folder_id WHERE f.account_id = ? AND i.uid_validity = f.uid_validity`)
    // Rows of an older UIDVALIDITY are not counted, so they are not listed either.
    this.listing = db.prepare(`SELECT f.account_id AS accountId, f.path AS folder, i.uid, i.subject, i.sender,
        i.error AS reason, i.failed_at AS failedAt
      FROM import_failures i JOIN folders f ON f.id = i.folder_id
      WHERE (? IS NULL OR f.account_id = ?) AND i.uid_validity = f.uid_validity
      ORDER BY i.failed_at DESC, f.path, i.uid`)
  }

  record(folderId: number, uidValidity: number, uid: number, error: string, message: FailedMessage): void {
    const sender = message.from ? message.from.name || message.from.address : null
    this.insert.run(folderId, uidValidity, uid, error, Date.now(), message.subject, sender)
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

  list(accountId?: number): UnstoredMessage[] {
    const rows = this.listing.all(accountId ?? null, accountId ?? null) as Array<
      Omit<UnstoredMessage, 'failedAt'> & { failedAt: number }
    >
    return rows.map((r) => ({ ...r, failedAt: new Date(r.failedAt).toISOString() }))
  }
}
