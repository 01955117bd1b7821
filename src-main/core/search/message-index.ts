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

/**
 * Writes a message into both search indexes: the word index of 0001 (messages_fts, unicode61)
 * and the trigram index of 0003 (message_trigrams), under its date-ordered key (0009). Called
 * inside the caller's transaction, so a message is searchable exactly when it is stored.
 *
 * Indexing costs about half of an import's store time, more in 25-message slices than in larger
 * transactions. Indexing once per 200-message fetched batch instead (a pending table, drained
 * after the batch's last slice) was built and measured on 2026-12-04, and reverted: the core
 * thread did 3-6 % less, but the import took as long (10k: 7.77 against 7.78 s, median of 3
 * runs; 100k: 81.8 against 75.5 s, one run each), as the two cores stay saturated by parsing and
 * storing together, and the event loop's p99 at 100k went from 85 to 127 ms. Merging segments
 * 16 at a time instead of FTS5's 4 (automerge 16) cut indexing alone by a quarter on synthetic
 * text, but not the import (2026-12-05, 100k: 76.1 against 72.5 s, one run each), and one
 * merge of 16 large segments held the event loop for 1.3 s (against 0.27 s at most).
 */
export class MessageIndex {
  private readonly insertKey: Statement
  private readonly insertKeyBelow: Statement
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
    this.insertWords = db.prepare(
      `INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names)
       VALUES (${KEY_OF}, @subject, @body, @participants, @attachments)`
    )
    this.insertTrigrams = db.prepare(
      `INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments)
       VALUES (${KEY_OF}, @subject, @body, @sender, @recipients, @cc, @attachments)`
    )
  }

  add(id: number, doc: SearchDocument): void {
    // Widths folded once for both indexes (Ｉｎｖｏｉｃｅ is invoice in either); the word index then
    // gets spaces where scripts switch (spaceScripts), the trigram index the text as written.
    const text = foldWidth(doc.text ?? '')
    const subject = foldWidth(doc.subject)
    const attachments = foldWidth(doc.attachmentNames.filter((name) => name !== '').join('\n'))
    const key = {
      id,
      date: doc.date,
      hasAttachments: doc.hasAttachments ? 1 : 0,
      sender: foldedSender(doc.from)
    }
    if (this.insertKey.run(key).changes === 0) this.insertKeyBelow.run(key)
    this.insertWords.run({
      id,
      subject: spaceScripts(subject),
      body: spaceScripts(text),
      participants: spaceScripts(foldWidth(people([doc.from, ...doc.to, ...doc.cc, ...doc.bcc]))),
      attachments: spaceScripts(attachments)
    })
    // Latin body text is only in the word index: trigrams of every line would triple the index
    // for no gain in recall (see substringLines). Headers are short, so they are all here.
    this.insertTrigrams.run({
      id,
      subject,
      body: substringLines(text),
      sender: foldWidth(people([doc.from])),
      recipients: foldWidth(people([...doc.to, ...doc.bcc])),
      cc: foldWidth(people(doc.cc)),
      attachments
    })
  }
}
