import type { Database } from 'better-sqlite3'
import { reindexComments } from './comment-index'
import { foldedSender, MessageIndex } from './message-index'
import { SEARCH_COLUMNS, senderOf, storedDocument, type StoredMessageRow } from './stored-document'

/**
 * Bump when what the indexer writes changes (a new column, other body lines): every workspace
 * then rebuilds its search indexes once, on open, unless UPGRADES has a cheaper way from its
 * version.
 */
export const SEARCH_INDEX_VERSION = 3
const VERSION_KEY = 'search_index_version'
const PAGE = 1000

/**
 * Upgrades that bring an index of the version they are listed under to SEARCH_INDEX_VERSION
 * without a rebuild, which takes ~40 s at 100k messages. 2 to 3 fills the key-row columns of
 * migration 0011 (~1 s at 100k).
 */
const UPGRADES: Record<string, (db: Database) => void> = { '2': fillKeyFilters }

/** Rebuilds the message, contact and comment search indexes from the stored rows, in one transaction. */
export function reindexSearch(db: Database): { messages: number; contacts: number; comments: number } {
  return db.transaction(() => {
    const messages = reindexMessages(db)
    const contacts = reindexContacts(db)
    const comments = reindexComments(db)
    setVersion(db)
    return { messages, contacts, comments }
  })()
}

/**
 * Brings indexes built by an older indexer (or never) up to date: upgraded in place where
 * UPGRADES can, rebuilt otherwise. Returns whether it changed anything.
 */
export function ensureSearchIndex(db: Database): boolean {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(VERSION_KEY) as
    { value: string } | undefined
  if (row?.value === String(SEARCH_INDEX_VERSION)) return false
  const upgrade = row && UPGRADES[row.value]
  if (!upgrade) {
    reindexSearch(db)
    return true
  }
  db.transaction(() => {
    upgrade(db)
    setVersion(db)
  })()
  return true
}

function setVersion(db: Database): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
  ).run(VERSION_KEY, String(SEARCH_INDEX_VERSION))
}

/** Fills each search key's attachment flag and folded sender (0011) from its message row. */
function fillKeyFilters(db: Database): void {
  db.function('rapport_folded_sender', { deterministic: true }, (name, address) =>
    foldedSender(senderOf(String(name), String(address)))
  )
  db.exec(`UPDATE message_search_keys
    SET has_attachments = m.has_attachments, sender = rapport_folded_sender(m.from_name, m.from_address)
    FROM messages m WHERE m.id = message_search_keys.message_pk`)
}

function reindexMessages(db: Database): number {
  db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")
  db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all')")
  db.exec('DELETE FROM message_search_keys')
  const index = new MessageIndex(db)
  // Mail waiting for the index is in the rebuild: it must not be indexed twice.
  db.exec('DELETE FROM search_pending')
  // Paged by id: better-sqlite3 cannot write while a read iterator is open on the connection.
  const page = db.prepare(`SELECT ${SEARCH_COLUMNS} FROM messages m WHERE id > ? ORDER BY id LIMIT ${PAGE}`)
  let count = 0
  for (let after = 0; ;) {
    const rows = page.all(after) as StoredMessageRow[]
    for (const row of rows) index.add(row.id, storedDocument(row))
    count += rows.length
    if (rows.length < PAGE) return count
    after = rows.at(-1)!.id
  }
}

function reindexContacts(db: Database): number {
  db.exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')")
  db.exec('INSERT OR IGNORE INTO contact_search_keys (contact_id) SELECT id FROM contacts')
  return db
    .prepare(
      `INSERT INTO contacts_fts (rowid, first_name, last_name, display_name, emails, phones)
       SELECT key, first_name, last_name, display_name, emails, phones FROM contact_search_source`
    )
    .run().changes
}
