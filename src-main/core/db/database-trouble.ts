import type { Database } from './database'

// SQLite's own trouble (a full disk, an I/O error, a locked or damaged file) is about the
// machine, not a message: setting messages aside would hide it behind "could not be stored".
const ENVIRONMENT = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CORRUPT|NOMEM|CANTOPEN|NOTADB|PERM)/

/** Whether an error writing a message is the database's (or the disk's), not the message's. */
export function isDatabaseTrouble(error: unknown, db: Database): boolean {
  if (!db.open) return true
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && ENVIRONMENT.test(code)
}
