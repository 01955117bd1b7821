import type { Database, Statement } from 'better-sqlite3'
import { isDatabaseTrouble } from '../db/database-trouble'
import { importTransaction } from '../store/import-transaction'
import type { MessageIndex } from './message-index'
import { SEARCH_COLUMNS, storedDocument, type StoredMessageRow } from './stored-document'

/** Messages indexed per transaction: a fetched batch (200) in one, ~30–40 ms of the core's time. */
const PAGE = 250

/**
 * Stored mail that waits to be indexed (search_pending, migration 0027).
 *
 * An import stores mail in small transactions so the core answers the UI between them. Indexing
 * in each of them cost a third of the store's time: every commit flushes a new FTS5 segment per
 * index, which automerge then merges again, and writes the pages of search keys that land all
 * over their b-tree. Measured on 9,000 messages, indexing took 2.3 s in 25-message transactions
 * and 1.5 s in 250-message ones. So the import marks its messages here, in the transaction that
 * stores them, and indexes a batch at a time. A mark outlives a crash or a pass cut short, and
 * the next drain indexes the message; a message deleted meanwhile takes its mark with it.
 */
export class SearchBacklog {
  private readonly mark: Statement
  private readonly page: Statement
  private readonly unmark: Statement

  constructor(
    private readonly db: Database,
    private readonly index: MessageIndex
  ) {
    this.mark = db.prepare('INSERT INTO search_pending (message_pk) VALUES (?)')
    this.page = db.prepare(`SELECT ${SEARCH_COLUMNS} FROM search_pending p
      JOIN messages m ON m.id = p.message_pk ORDER BY p.message_pk LIMIT ${PAGE}`)
    this.unmark = db.prepare('DELETE FROM search_pending WHERE message_pk = ?')
  }

  /** Leaves a just-stored message to the next drain (inside the transaction that stores it). */
  hold(messageId: number): void {
    this.mark.run(messageId)
  }

  /**
   * Indexes every waiting message, a page per transaction: a message is searchable from the
   * commit that indexes it. Returns how many were indexed.
   */
  drain(): number {
    let count = 0
    for (;;) {
      // Read outside the transaction: most drains find nothing, and a transaction costs a commit.
      const rows = this.page.all() as StoredMessageRow[]
      if (rows.length === 0) return count
      try {
        importTransaction(this.db, () => rows.forEach((row) => this.indexOne(row)))
        count += rows.length
      } catch {
        count += this.oneByOne(rows)
      }
    }
  }

  private indexOne(row: StoredMessageRow): void {
    this.index.add(row.id, storedDocument(row))
    this.unmark.run(row.id)
  }

  /**
   * A page that failed is indexed a message at a time, so that one message the index cannot
   * take (none is known) does not keep all mail after it out of search, drain after drain: it
   * stays stored and listed, but unsearchable. The database's own trouble (a full disk) stands.
   */
  private oneByOne(rows: StoredMessageRow[]): number {
    let indexed = 0
    for (const row of rows) {
      try {
        importTransaction(this.db, () => this.indexOne(row))
        indexed++
      } catch (rowError) {
        if (isDatabaseTrouble(rowError, this.db)) throw rowError
        importTransaction(this.db, () => this.unmark.run(row.id))
      }
    }
    return indexed
  }
}
