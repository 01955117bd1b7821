// What a Rapport data dir holds, in a form two runs can be compared by: messages by Message-ID,
// their locations and flags, how they are threaded, which contacts they link to, the search
// index, and the row count of every table (a no-op sync must not add or replace a single row).
import Database from 'better-sqlite3'
import { join } from 'node:path'

export type StoreSnapshot = {
  messages: string[]
  locations: string[]
  threads: string[]
  contacts: string[]
  ftsRows: number
}

export function openStore(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'rapport.sqlite'), { readonly: true, fileMustExist: true })
}

const rows = (db: Database.Database, sql: string) =>
  (db.prepare(sql).all() as Array<Record<string, unknown>>).map((r) => Object.values(r).join(' | ')).sort()

export function storeSnapshot(dataDir: string): StoreSnapshot {
  const db = openStore(dataDir)
  try {
    return {
      messages: rows(
        db,
        `SELECT m.message_id, m.subject, m.direction, m.flags_json, m.is_seen, m.deleted_on_server,
                m.has_attachments, coalesce(e.address, '') AS contact
         FROM messages m LEFT JOIN contact_emails e ON e.contact_id = m.contact_id AND e.is_primary = 1`
      ),
      locations: rows(
        db,
        `SELECT m.message_id, f.path, l.uid, l.flags_json FROM message_locations l
         JOIN messages m ON m.id = l.message_pk JOIN folders f ON f.id = l.folder_id`
      ),
      // Thread ids depend on insertion order; which messages share a thread does not.
      threads: rows(
        db,
        `SELECT t.message_count, t.unread_count, c.unread_count AS conversation_unread,
                (SELECT group_concat(message_id, ' ') FROM
                   (SELECT message_id FROM messages WHERE thread_id = t.id ORDER BY message_id)) AS members
         FROM threads t LEFT JOIN conversations c ON c.thread_id = t.id`
      ),
      contacts: rows(db, 'SELECT address FROM contact_emails WHERE deleted = 0'),
      ftsRows: (db.prepare('SELECT count(*) AS n FROM messages_fts').get() as { n: number }).n
    }
  } finally {
    db.close()
  }
}

/** Row count and highest rowid of every table: a row deleted and inserted again shows too. */
export function tableCounts(dataDir: string): Record<string, string> {
  const db = openStore(dataDir)
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name"
      )
      .all() as Array<{ name: string }>
    const out: Record<string, string> = {}
    for (const { name } of tables) {
      const r = db.prepare(`SELECT count(*) AS n, max(rowid) AS top FROM "${name}"`).get() as {
        n: number
        top: number | null
      }
      out[name] = `${r.n}/${r.top ?? 0}`
    }
    return out
  } finally {
    db.close()
  }
}
