// A workspace's search index as an older Rapport left it, for tests of the rebuild that brings it
// up to date (core/search/search-index-rebuild.ts).
import type { Database } from 'better-sqlite3'

/**
 * A word only the older indexer wrote, as version 4 wrote 您购买的iPhone手机 as one word, which
 * version 5 splits: a rebuilt message must not be found by it any more.
 */
export const OLD_WORD = 'legacyentry'

/**
 * Rewrites every message's search entries as an indexer of `version` left them, under the same
 * keys: subject and sender, no body text (as version 3 had none for HTML-only mail), and
 * OLD_WORD; and records that version. A search for a body word then finds exactly the messages
 * the rebuild has done, OLD_WORD the others; a subject word finds every message, by whichever
 * entries it has.
 */
export function indexLikeOlderRapport(db: Database, version = 3): void {
  db.transaction(() => {
    const rows = db
      .prepare(
        `SELECT k.key, m.subject, m.from_name || ' ' || m.from_address AS sender
         FROM messages m JOIN message_search_keys k ON k.message_pk = m.id`
      )
      .safeIntegers()
      .all() as Array<{ key: bigint; subject: string; sender: string }>
    const deleteWords = db.prepare('DELETE FROM messages_fts WHERE rowid = ?')
    const deleteTrigrams = db.prepare('DELETE FROM message_trigrams WHERE rowid = ?')
    const words = db.prepare(
      `INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names) VALUES (?, ?, '', ?, '${OLD_WORD}')`
    )
    const trigrams = db.prepare(
      `INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments)
       VALUES (?, ?, '', ?, '', '', '${OLD_WORD}')`
    )
    for (const row of rows) {
      deleteWords.run(row.key)
      deleteTrigrams.run(row.key)
      words.run(row.key, row.subject, row.sender)
      trigrams.run(row.key, row.subject, row.sender)
    }
    db.prepare(
      `INSERT INTO settings (key, value) VALUES ('search_index_version', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`
    ).run(String(version))
  })()
}

/**
 * How many entries of each index match `word`, and how many search keys there are: a message
 * indexed twice, or entries left without their message, show here as counts off by some.
 */
export function indexCounts(db: Database, word: string): { words: number; trigrams: number; keys: number } {
  const count = (sql: string, ...params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number
  return {
    words: count('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?', word),
    trigrams: count('SELECT count(*) FROM message_trigrams WHERE message_trigrams MATCH ?', `"${word}"`),
    keys: count('SELECT count(*) FROM message_search_keys')
  }
}
