// How long a sent message waits in the Outbox for Undo (Outbox settings), remembered per workspace
// in its settings table; OutboxSettings applies the default while it was never set.
import type { Database } from 'better-sqlite3'
import { readSetting, writeSetting } from '../db/settings'

const KEY = 'outbox.undoDelaySeconds'

/** The seconds the user chose, or null when never set. */
export function undoDelaySeconds(db: Database): number | null {
  const value = readSetting(db, KEY)
  return value === undefined ? null : Number(value)
}

export function setUndoDelaySeconds(db: Database, seconds: number): void {
  writeSetting(db, KEY, String(seconds))
}
