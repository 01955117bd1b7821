import type { Database } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import { bodyText } from '../mail/body-text'
import { reindexComments } from './comment-index'
import { MessageIndex } from './message-index'

/**
 * Bump when what the indexer writes changes (a new column, other body lines): every workspace
 * then rebuilds its search indexes once, on open, unless UPGRADES has a cheaper way from its
 * version. 4: text of HTML bodies with no text part (bodyText). 5: widths folded, spaces where
 * scripts switch in the word indexes (search-text.ts), comments included (migration 0030).
 */
export const SEARCH_INDEX_VERSION = 5
const VERSION_KEY = 'search_index_version'
const PAGE = 1000

/**
 * Upgrades that bring an index of the version they are listed under to SEARCH_INDEX_VERSION
 * without a rebuild, which takes ~40 s at 100k messages. None since 4: 2 to 3 filled the key-row
 * columns of migration 0011 in place (~1 s at 100k), but 4 changes the bodies indexed, which only
 * a rebuild can do.
 */
const UPGRADES: Record<string, (db: Database) => void> = {}

type MessageRow = {
  id: number
  date: number
  subject: string
  body_text: string | null
  /** Only when body_text is null: read for the rows that need it, not for every row. */
  body_html: string | null
  from_name: string
  from_address: string
  to_json: string
  cc_json: string
  bcc_json: string
  attachment_names: string
  has_attachments: number
}

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

/** A message row's sender: none when its address is empty (the store writes '' for no From). */
const senderOf = (name: string, address: string): Address | null => (address ? { name, address } : null)

function reindexMessages(db: Database): number {
  db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")
  db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all')")
  db.exec('DELETE FROM message_search_keys')
  const index = new MessageIndex(db)
  // Paged by id: better-sqlite3 cannot write while a read iterator is open on the connection.
  const page = db.prepare(`SELECT id, date, subject, body_text,
      CASE WHEN body_text IS NULL THEN body_html END AS body_html, from_name, from_address, to_json, cc_json, bcc_json, has_attachments,
      (SELECT json_group_array(filename) FROM attachments WHERE message_pk = m.id AND inline = 0) AS attachment_names
    FROM messages m WHERE id > ? ORDER BY id LIMIT ${PAGE}`)
  let count = 0
  for (let after = 0; ;) {
    const rows = page.all(after) as MessageRow[]
    for (const row of rows) {
      index.add(row.id, {
        date: row.date,
        subject: row.subject,
        // Mail stored before the parser made text of HTML in multipart/mixed or related has
        // none: made here as the parser now makes it.
        text: bodyText(row.body_text, row.body_html),
        from: senderOf(row.from_name, row.from_address),
        to: JSON.parse(row.to_json) as Address[],
        cc: JSON.parse(row.cc_json) as Address[],
        bcc: JSON.parse(row.bcc_json) as Address[],
        attachmentNames: JSON.parse(row.attachment_names) as string[],
        hasAttachments: row.has_attachments === 1
      })
    }
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
