import type { Database } from 'better-sqlite3'
import { registerSearchTextFunctions } from './search-text-sql'

/**
 * Rebuilds the comment search indexes of migration 0007 from the stored comments. Call inside
 * a transaction (search.reindex).
 */
export function reindexComments(db: Database): number {
  // Here too, for a connection not opened by openDatabase (a migration under test).
  registerSearchTextFunctions(db)
  db.exec("INSERT INTO comments_fts (comments_fts) VALUES ('delete-all')")
  db.exec("INSERT INTO comment_trigrams (comment_trigrams) VALUES ('delete-all')")
  db.exec('INSERT OR IGNORE INTO comment_search_keys (comment_id) SELECT id FROM comments')
  // What the triggers of migration 0030 write.
  const source = (prepare: string) => `SELECT k.key, ${prepare}(c.body) FROM comments c
    JOIN comment_search_keys k ON k.comment_id = c.id WHERE c.deleted = 0`
  db.exec(`INSERT INTO comment_trigrams (rowid, body) ${source('search_width_folded')}`)
  return db.prepare(`INSERT INTO comments_fts (rowid, body) ${source('search_word_text')}`).run().changes
}
