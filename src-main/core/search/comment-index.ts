import type { Database } from 'better-sqlite3'

/**
 * Rebuilds the comment search indexes of migration 0007 from the stored comments. Call inside
 * a transaction (search.reindex).
 */
export function reindexComments(db: Database): number {
  db.exec("INSERT INTO comments_fts (comments_fts) VALUES ('delete-all')")
  db.exec("INSERT INTO comment_trigrams (comment_trigrams) VALUES ('delete-all')")
  db.exec('INSERT OR IGNORE INTO comment_search_keys (comment_id) SELECT id FROM comments')
  const source = `SELECT k.key, c.body FROM comments c JOIN comment_search_keys k ON k.comment_id = c.id
    WHERE c.deleted = 0`
  db.exec(`INSERT INTO comment_trigrams (rowid, body) ${source}`)
  return db.prepare(`INSERT INTO comments_fts (rowid, body) ${source}`).run().changes
}
