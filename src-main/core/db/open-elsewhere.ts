import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'

/**
 * Whether another connection, in practice another Rapport process (the app, web mode, a rapport
 * command), has the database `file` open now. A connection to a WAL database holds a shared lock
 * on the file for as long as it is open, idle or not, so asking for the file exclusively (without
 * waiting) fails then. A file that is not a database (damaged) is not open anywhere as one.
 */
export function openElsewhere(file: string): boolean {
  if (!existsSync(file)) return false
  let probe: BetterSqlite3.Database | null = null
  try {
    probe = new BetterSqlite3(file, { fileMustExist: true, timeout: 0 })
    // Set before the first read, the exclusive mode takes the file lock at that read.
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.prepare('SELECT count(*) FROM sqlite_master').get()
    return false
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
  } finally {
    probe?.close()
  }
}
