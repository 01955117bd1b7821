// The mailbox New message last sent from, so that the next one starts from it when nothing in
// view says otherwise. Kept in the workspace's settings table rather than in the browser: in web
// mode the page's origin carries a new port on every run, so localStorage would forget it.
import type { Database } from 'better-sqlite3'
import { readSetting, writeSetting } from '../db/settings'

const KEY = 'new_message_from'

/** Its account id, or null when none was remembered (or the value is damaged). */
export function lastNewMessageFrom(db: Database): number | null {
  const id = Number(readSetting(db, KEY))
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

export function rememberNewMessageFrom(db: Database, accountId: number): void {
  writeSetting(db, KEY, String(accountId))
}
