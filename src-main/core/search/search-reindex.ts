import type { Database, Statement } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import { bodyText } from '../mail/body-text'
import { readSetting, writeSetting } from '../db/settings'
import { reindexComments } from './comment-index'
import { MessageIndex } from './message-index'

/**
 * Bump when what the indexer writes changes (a new column, other body lines): every workspace
 * then rebuilds its search indexes once, from when it is opened, unless UPGRADES has a cheaper
 * way from its version. 4: text of HTML bodies with no text part (bodyText). 5: widths folded,
 * spaces where scripts switch in the word indexes (search-text.ts), comments included (migration
 * 0030). 6: two line breaks after each trigram column, for one- and two-character substrings
 * (message-index.ts).
 */
export const SEARCH_INDEX_VERSION = 6
const VERSION_KEY = 'search_index_version'
/**
 * Where the rebuild of the message indexes stands (MessageRebuild), JSON; absent when none is
 * under way. Kept in the same transaction as each page it counts, so a quit resumes after the
 * last page done, never before or past it.
 */
const PROGRESS_KEY = 'search_index_rebuild'
/** Messages per page of the full rebuild (search.reindex), which runs in one transaction. */
const FULL_PAGE = 1000
/**
 * Messages per page of the background rebuild, each page its own transaction. Measured on 100k
 * generated messages (tests/support/corpus.ts) whose index was current: pages of 100 took 50 s
 * in all, 20 ms a page (median) and 0.36 s at the 99th percentile, when FTS5 merges segments in
 * a page's commit; pages of 250 took 62 s (80 ms, p99 1.3 s), of 500 58 s (0.16 s, p99 2.0 s).
 * The one-transaction rebuild took 31 s on that machine. Smaller pages than 100 cost more
 * commits for no shorter stalls (20k: 50 took 10.4 s, 100 7.5 s).
 */
export const REBUILD_PAGE = 100

/**
 * Upgrades that bring an index of the version they are listed under to SEARCH_INDEX_VERSION
 * without a rebuild, which takes ~40 s at 100k messages. None since 4: 2 to 3 filled the key-row
 * columns of migration 0011 in place (~1 s at 100k), but 4 and later change the text indexed, which
 * only a rebuild can do.
 */
const UPGRADES: Record<string, (db: Database) => void> = {}

/**
 * The message rebuild under way: messages up to `upTo` (the largest id when it started; mail
 * stored since was indexed by this version as it was stored) are indexed again in id order;
 * those up to `after` are done. `done` of `total` counts messages, for the progress shown.
 */
export type MessageRebuild = { version: number; after: number; upTo: number; done: number; total: number }

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

/**
 * Rebuilds the message, contact and comment search indexes from the stored rows, in one
 * transaction (`search.reindex`). A background rebuild under way is then finished: it stops at
 * its next page (SearchIndexRebuild).
 */
export function reindexSearch(db: Database): { messages: number; contacts: number; comments: number } {
  return db.transaction(() => {
    const messages = reindexMessages(db)
    const contacts = reindexContacts(db)
    const comments = reindexComments(db)
    setVersion(db)
    db.prepare('DELETE FROM settings WHERE key = ?').run(PROGRESS_KEY)
    return { messages, contacts, comments }
  })()
}

/**
 * The part of bringing indexes built by an older indexer (or never) up to date that is quick,
 * for when a workspace opens: an upgrade in place where UPGRADES has one; otherwise contacts and
 * comments are rebuilt (few, one transaction) and a rebuild of the messages is recorded, for
 * MessageReindexer to do page by page while the workspace is in use. A rebuild a quit cut short
 * is picked up where it stopped. `pending` is the message rebuild left to do, if any.
 */
export function beginSearchIndexUpgrade(db: Database): { changed: boolean; pending: MessageRebuild | null } {
  return db.transaction(() => {
    const version = (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(VERSION_KEY) ??
      null) as string | null
    const progress = readProgress(db)
    if (version === String(SEARCH_INDEX_VERSION)) {
      // Left when a Rapport that rebuilt in one transaction at open, and knew nothing of this
      // record, finished the rebuild its own way: nothing to resume.
      if (progress) clearProgress(db)
      return { changed: false, pending: null }
    }
    if (progress?.version === SEARCH_INDEX_VERSION) return { changed: true, pending: progress }
    const upgrade = version === null ? undefined : UPGRADES[version]
    if (upgrade) {
      upgrade(db)
      setVersion(db)
      return { changed: true, pending: null }
    }
    reindexContacts(db)
    reindexComments(db)
    const { upTo, total } = db.prepare('SELECT max(id) AS upTo, count(*) AS total FROM messages').get() as {
      upTo: number | null
      total: number
    }
    if (upTo === null) {
      // No mail: the message indexes must be empty too (entries left by a bug would name nothing).
      clearMessageIndexes(db)
      setVersion(db)
      return { changed: true, pending: null }
    }
    const pending: MessageRebuild = { version: SEARCH_INDEX_VERSION, after: 0, upTo, done: 0, total }
    writeProgress(db, pending)
    return { changed: true, pending }
  })()
}

/**
 * Indexes the messages of a recorded rebuild (beginSearchIndexUpgrade) again, one page per
 * transaction, keeping search working throughout: each message's old entries are deleted and
 * its new ones written in the same transaction, so it is found by the old or the new indexer,
 * never by neither or both. Nothing is cleared up front.
 *
 * Safe beside sync: a message stored meanwhile is indexed by the store (above `upTo`, it is never
 * reached here; one reusing the id of a deleted message below it is indexed again here, which
 * replaces its entries rather than adding to them), and a message deleted meanwhile is gone from
 * the page's rows, its entries removed by the delete trigger of migration 0009.
 */
export class MessageReindexer {
  private readonly entries: MessageEntries
  private readonly page: Statement

  constructor(
    private readonly db: Database,
    private readonly pageSize = REBUILD_PAGE
  ) {
    this.entries = new MessageEntries(db)
    this.page = db.prepare(`${SELECT_ROWS} AND id > ? AND id <= ? ORDER BY id LIMIT ${pageSize}`)
  }

  /**
   * The next page of the rebuild, in one transaction that commits with its progress. Returns
   * where the rebuild stands after it (`finished` once every message is done, and the version
   * recorded), or null when no rebuild is recorded: done already, by search.reindex or another
   * process on this workspace.
   */
  step(): (MessageRebuild & { finished: boolean }) | null {
    return derivedTransaction(this.db, () => {
      const progress = readProgress(this.db)
      if (!progress || progress.version !== SEARCH_INDEX_VERSION) return null
      const rows = this.page.all(progress.after, progress.upTo) as MessageRow[]
      this.entries.replace(rows)
      const last = rows.at(-1)?.id ?? progress.upTo
      if (rows.length < this.pageSize || last >= progress.upTo) {
        clearProgress(this.db)
        setVersion(this.db)
        return { ...progress, after: progress.upTo, done: progress.total, finished: true }
      }
      // Mail deleted meanwhile may leave `total` too high; it is only shown.
      const next = { ...progress, after: last, done: Math.min(progress.total, progress.done + rows.length) }
      writeProgress(this.db, next)
      return { ...next, finished: false }
    })
  }
}

/**
 * Replaces messages' search entries with new ones made from their rows as they are now, inside
 * the caller's transaction: for the rebuild, and for a message whose text was read again
 * (sync/charset-repair.ts). A draft has no entries and gets none.
 */
export class MessageEntries {
  private readonly index: MessageIndex
  private readonly rowsOf: Statement
  private readonly keyOf: Statement
  private readonly deleteWords: Statement
  private readonly deleteTrigrams: Statement
  private readonly deleteKey: Statement

  constructor(db: Database) {
    this.index = new MessageIndex(db)
    this.rowsOf = db.prepare(`${SELECT_ROWS} AND id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    this.keyOf = db.prepare('SELECT key FROM message_search_keys WHERE message_pk = ?').pluck().safeIntegers()
    // contentless_delete = 1 (migrations 0001, 0003 as rebuilt): entries are deleted by rowid,
    // which is the message's search key (0009), not its id.
    this.deleteWords = db.prepare('DELETE FROM messages_fts WHERE rowid = ?')
    this.deleteTrigrams = db.prepare('DELETE FROM message_trigrams WHERE rowid = ?')
    this.deleteKey = db.prepare('DELETE FROM message_search_keys WHERE key = ?')
  }

  /** The messages with these ids, indexed again from their rows. */
  replaceIds(ids: number[]): void {
    if (ids.length > 0) this.replace(this.rowsOf.all(JSON.stringify(ids)) as MessageRow[])
  }

  replace(rows: MessageRow[]): void {
    // The old entries all go first, then the new ones go in at once: FTS5 writes out what it
    // holds whenever deleting and adding alternate (see MessageIndex).
    for (const row of rows) {
      const key = this.keyOf.get(row.id) as bigint | undefined
      if (key !== undefined) {
        this.deleteWords.run(key)
        this.deleteTrigrams.run(key)
        this.deleteKey.run(key)
      }
    }
    this.index.addAll(rows.map((row) => ({ id: row.id, doc: documentOf(row) })))
  }
}

/**
 * Brings indexes built by an older indexer (or never) up to date at once, in the calling turn:
 * for tests and tools. A workspace does it in the background (SearchIndexRebuild). Returns
 * whether it changed anything.
 */
export function ensureSearchIndex(db: Database): boolean {
  const { changed, pending } = beginSearchIndexUpgrade(db)
  if (pending) {
    const reindexer = new MessageReindexer(db)
    let step = reindexer.step()
    while (step && !step.finished) step = reindexer.step()
  }
  return changed
}

/** The rebuild recorded in `settings`, if any. */
export function readProgress(db: Database): MessageRebuild | null {
  const value = readSetting(db, PROGRESS_KEY)
  if (value === undefined) return null
  try {
    const parsed = JSON.parse(value) as Partial<MessageRebuild>
    const numbers = [parsed.version, parsed.after, parsed.upTo, parsed.done, parsed.total]
    if (numbers.every((n) => typeof n === 'number' && Number.isInteger(n))) return parsed as MessageRebuild
  } catch {
    // Unreadable: started over below.
  }
  return { version: 0, after: 0, upTo: 0, done: 0, total: 0 }
}

function writeProgress(db: Database, progress: MessageRebuild): void {
  writeSetting(db, PROGRESS_KEY, JSON.stringify(progress))
}

function clearProgress(db: Database): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(PROGRESS_KEY)
}

function setVersion(db: Database): void {
  writeSetting(db, VERSION_KEY, String(SEARCH_INDEX_VERSION))
}

/**
 * A transaction over derived data: the index can be rebuilt from the rows, so, as an import's
 * (importTransaction), it commits without waiting for the disk. IMMEDIATE, because it reads the
 * progress before it writes: another process on the workspace (the CLI beside the app) may be
 * rebuilding too, and a deferred transaction would fail to write after the other's commit.
 */
function derivedTransaction<T>(db: Database, work: () => T): T {
  db.pragma('synchronous = NORMAL')
  try {
    return db.transaction(work).immediate()
  } finally {
    db.pragma('synchronous = FULL')
  }
}

/** A message row's sender: none when its address is empty (the store writes '' for no From). */
const senderOf = (name: string, address: string): Address | null => (address ? { name, address } : null)

// Paged by id: better-sqlite3 cannot write while a read iterator is open on the connection.
// Drafts (isDraft) are not searched.
const SELECT_ROWS = `SELECT id, date, subject, body_text,
    CASE WHEN body_text IS NULL THEN body_html END AS body_html, from_name, from_address, to_json, cc_json, bcc_json, has_attachments,
    (SELECT json_group_array(filename) FROM attachments WHERE message_pk = m.id AND inline = 0) AS attachment_names
  FROM messages m WHERE m.is_draft = 0`

const documentOf = (row: MessageRow) => ({
  date: row.date,
  subject: row.subject,
  // Mail stored before the parser made text of HTML in multipart/mixed or related has none:
  // made here as the parser now makes it.
  text: bodyText(row.body_text, row.body_html),
  from: senderOf(row.from_name, row.from_address),
  to: JSON.parse(row.to_json) as Address[],
  cc: JSON.parse(row.cc_json) as Address[],
  bcc: JSON.parse(row.bcc_json) as Address[],
  attachmentNames: JSON.parse(row.attachment_names) as string[],
  hasAttachments: row.has_attachments === 1
})

function clearMessageIndexes(db: Database): void {
  db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")
  db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all')")
  db.exec('DELETE FROM message_search_keys')
}

function reindexMessages(db: Database): number {
  clearMessageIndexes(db)
  const index = new MessageIndex(db)
  const page = db.prepare(`${SELECT_ROWS} AND id > ? ORDER BY id LIMIT ${FULL_PAGE}`)
  let count = 0
  for (let after = 0; ;) {
    const rows = page.all(after) as MessageRow[]
    index.addAll(rows.map((row) => ({ id: row.id, doc: documentOf(row) })))
    count += rows.length
    if (rows.length < FULL_PAGE) return count
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
