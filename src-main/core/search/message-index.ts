import type { Database, Statement } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import { fold, foldWidth, spaceScripts, substringLines } from './search-text'

/** What search sees of a message. Built from a parsed message at import, or from its row on reindex. */
export type SearchDocument = {
  /** messages.date: the search key is made from it, so results come newest first. */
  date: number
  subject: string
  /** Body as text: the text part, or the HTML made text when there is none (mail/body-text.ts). */
  text: string | null
  from: Address | null
  to: Address[]
  cc: Address[]
  bcc: Address[]
  attachmentNames: string[]
  /** messages.has_attachments: an attachment need not have a name. */
  hasAttachments: boolean
}

/**
 * A key orders messages newest first: the smallest key is the newest message, because FTS5 reads
 * a doclist lazily in ascending rowid order but loads it whole to read it descending. The date
 * counts in seconds (Date headers have no finer grain), times ID_SPAN, and messages of the same
 * second follow by id. FTS5 stores each rowid as a varint delta from the previous one, so the
 * span is kept small: 2^16 costs 4 bytes per entry where milliseconds times 2^20 cost 6. Dates
 * are clamped to 0 .. 2^40 s.
 */
const ID_SPAN = 2 ** 16
const MAX_SECONDS = 2 ** 40 - 1
/**
 * The search key of a message, as SQL over two SQL values: SQLite computes it, because it takes up
 * to 56 bits, beyond the integers a JS number holds exactly.
 */
export const SEARCH_KEY = (date: string, id: string): string =>
  `((${MAX_SECONDS} - max(0, min(${date} / 1000, ${MAX_SECONDS}))) * ${ID_SPAN} + ${ID_SPAN - 1} - ${id} % ${ID_SPAN})`
const KEY = SEARCH_KEY('@date', '@id')
const KEY_OF = '(SELECT key FROM message_search_keys WHERE message_pk = @id)'

/** How a person is indexed, and checked by people-check.ts: "name address". */
export const personEntry = (name: string, address: string): string => `${name} ${address}`.trim()

const people = (addresses: Array<Address | null>): string =>
  addresses.map((a) => (a ? personEntry(a.name, a.address) : '')).join('\n')

/** The sender as the key row keeps it (migration 0011): folded as the trigram index folds. */
export const foldedSender = (from: Address | null): string =>
  from ? fold(personEntry(from.name, from.address).normalize('NFC')) : ''

/** A message to index: its id (messages.id) and what search sees of it. */
export type IndexEntry = { id: number; doc: SearchDocument }

/**
 * Writes messages into both search indexes: the word index of 0001 (messages_fts, unicode61)
 * and the trigram index of 0003 (message_trigrams), under their date-ordered keys (0009). Called
 * inside the caller's transaction, so a message is searchable exactly when it is stored.
 *
 * Entries are written in key order. FTS5 holds a transaction's new entries in memory and writes
 * them out as one segment when it commits, but only while rowids ascend: a rowid below the last
 * one makes it write out what it holds first. Keys run newest first and an import stores mail
 * oldest first, so writing each message as it was stored made a segment per message in each index,
 * which automerge then merged again and again: indexing was about half of the store's time.
 * FTS5 also writes out at every statement savepoint (a statement with a trigger runs in one), so
 * the store indexes a batch at its end, after the statements that create threads and contacts.
 *
 * In key order, a 10k import's core thread did 17 % less (5.0–5.3 s against 6.0–6.5 s) and a
 * 100k import took 71.3–76.0 s against 80.2 s (2026-12-05). Merging 16 segments at a time
 * (automerge 16) and indexing once per 200-message fetched batch were measured earlier, while each
 * message still made a segment of its own, and did not shorten the import then.
 */
export class MessageIndex {
  private readonly insertKey: Statement
  private readonly insertKeyBelow: Statement
  private readonly inKeyOrder: Statement
  private readonly insertWords: Statement
  private readonly insertTrigrams: Statement

  constructor(db: Database) {
    this.insertKey = db.prepare(
      `INSERT INTO message_search_keys (key, message_pk, has_attachments, sender)
       VALUES (${KEY}, @id, @hasAttachments, @sender) ON CONFLICT (key) DO NOTHING`
    )
    // The key is taken by a message of the same second: the nearest free key below it.
    this.insertKeyBelow =
      db.prepare(`INSERT INTO message_search_keys (key, message_pk, has_attachments, sender)
      SELECT k.key - 1, @id, @hasAttachments, @sender FROM message_search_keys k
      WHERE k.key <= ${KEY} AND NOT EXISTS (SELECT 1 FROM message_search_keys g WHERE g.key = k.key - 1)
      ORDER BY k.key DESC LIMIT 1`)
    // Keys take up to 56 bits, more than a JS number holds exactly, so SQLite sorts them.
    this.inKeyOrder = db
      .prepare(
        `SELECT message_pk FROM message_search_keys
         WHERE message_pk IN (SELECT value FROM json_each(?)) ORDER BY key`
      )
      .pluck()
    this.insertWords = db.prepare(
      `INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names)
       VALUES (${KEY_OF}, @subject, @body, @participants, @attachments)`
    )
    this.insertTrigrams = db.prepare(
      `INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments)
       VALUES (${KEY_OF}, @subject, @body, @sender, @recipients, @cc, @attachments)`
    )
  }

  /** Indexes the messages; each takes its key in the order given (see insertKeyBelow). */
  addAll(entries: IndexEntry[]): void {
    if (entries.length === 0) return
    const rows = new Map<number, IndexRows>()
    for (const { id, doc } of entries) {
      const key = {
        id,
        date: doc.date,
        hasAttachments: doc.hasAttachments ? 1 : 0,
        sender: foldedSender(doc.from)
      }
      if (this.insertKey.run(key).changes === 0) this.insertKeyBelow.run(key)
      rows.set(id, indexRows(id, doc))
    }
    const ordered = this.inKeyOrder.all(JSON.stringify([...rows.keys()])) as number[]
    for (const id of ordered) this.insertWords.run(rows.get(id)!.words)
    for (const id of ordered) this.insertTrigrams.run(rows.get(id)!.trigrams)
  }
}

type IndexRows = { words: Record<string, string | number>; trigrams: Record<string, string | number> }

function indexRows(id: number, doc: SearchDocument): IndexRows {
  // Widths folded once for both indexes (Ｉｎｖｏｉｃｅ is invoice in either); the word index then
  // gets spaces where scripts switch (spaceScripts), the trigram index the text as written.
  const text = foldWidth(doc.text ?? '')
  const subject = foldWidth(doc.subject)
  const attachments = foldWidth(doc.attachmentNames.filter((name) => name !== '').join('\n'))
  return {
    words: {
      id,
      subject: spaceScripts(subject),
      body: spaceScripts(text),
      participants: spaceScripts(foldWidth(people([doc.from, ...doc.to, ...doc.cc, ...doc.bcc]))),
      attachments: spaceScripts(attachments)
    },
    // Latin body text is only in the word index: trigrams of every line would triple the index
    // for no gain in recall (see substringLines). Headers are short, so they are all here.
    trigrams: {
      id,
      subject: ended(subject),
      body: ended(substringLines(text)),
      sender: ended(foldWidth(people([doc.from]))),
      recipients: ended(foldWidth(people([...doc.to, ...doc.bcc]))),
      cc: ended(foldWidth(people(doc.cc))),
      attachments: ended(attachments)
    }
  }
}

/**
 * A trigram column's text with two line breaks after it (a line break follows each of its other
 * lines): the last character or two (a subject ending 发票, or 王) then start a trigram too, which
 * is how a one- or two-character substring is found (short-substrings.ts). No query holds a line
 * break, so no other match changes.
 */
const ended = (text: string): string => (text === '' ? text : `${text}\n\n`)
