import type { Database, Statement } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import { substringLines } from './search-text'

/** What search sees of a message. Built from a parsed message at import, or from its row on reindex. */
export type SearchDocument = {
  subject: string
  /** Body as text (mailparser converts HTML-only mail to text). */
  text: string | null
  from: Address | null
  to: Address[]
  cc: Address[]
  bcc: Address[]
  attachmentNames: string[]
}

const people = (addresses: Array<Address | null>): string =>
  addresses.map((a) => (a ? `${a.name} ${a.address}`.trim() : '')).join('\n')

/**
 * Writes a message into both search indexes: the word index of 0001 (messages_fts, unicode61)
 * and the trigram index of 0003 (message_trigrams). Called inside the caller's transaction, so
 * a message is searchable exactly when it is stored.
 */
export class MessageIndex {
  private readonly insertWords: Statement
  private readonly insertTrigrams: Statement

  constructor(db: Database) {
    this.insertWords = db.prepare(
      'INSERT INTO messages_fts (rowid, subject, body, participants, attachment_names) VALUES (?, ?, ?, ?, ?)'
    )
    this.insertTrigrams = db.prepare(
      'INSERT INTO message_trigrams (rowid, subject, body, sender, recipients, cc, attachments) VALUES (?, ?, ?, ?, ?, ?, ?)'
    )
  }

  add(id: number, doc: SearchDocument): void {
    const text = doc.text ?? ''
    const attachments = doc.attachmentNames.filter((name) => name !== '').join('\n')
    this.insertWords.run(
      id,
      doc.subject,
      text,
      people([doc.from, ...doc.to, ...doc.cc, ...doc.bcc]),
      attachments
    )
    // Latin body text is only in the word index: trigrams of every line would triple the index
    // for no gain in recall (see substringLines). Headers are short, so they are all here.
    this.insertTrigrams.run(
      id,
      doc.subject,
      substringLines(text),
      people([doc.from]),
      people([...doc.to, ...doc.bcc]),
      people(doc.cc),
      attachments
    )
  }
}
