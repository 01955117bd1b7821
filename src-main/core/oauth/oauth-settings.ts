import type { Database } from 'better-sqlite3'

/** Reads one workspace setting (e.g. oauth.google.clientId); null when it is not set. */
export function settingReader(db: Database): (key: string) => string | null {
  const statement = db.prepare('SELECT value FROM settings WHERE key = ?')
  return (key) => (statement.get(key) as { value: string } | undefined)?.value ?? null
}
