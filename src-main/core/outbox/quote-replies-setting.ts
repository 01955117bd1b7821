// Whether the reply box quotes the message answered (its "Quote the message" box), remembered per
// workspace in its settings table: on until the user turns it off, as in every mail program.
import type { Database } from 'better-sqlite3'
import { readSetting, writeSetting } from '../db/settings'

const KEY = 'outbox.quoteReplies'

export function quoteReplies(db: Database): boolean {
  return readSetting(db, KEY) !== 'false'
}

export function setQuoteReplies(db: Database, on: boolean): void {
  writeSetting(db, KEY, on ? 'true' : 'false')
}
