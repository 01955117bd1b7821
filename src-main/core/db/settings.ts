// The workspace's `settings` table: one text value per key, for choices and bookkeeping too small
// for a table of their own (recent searches, image senders, lead stages, rebuild progress).
import type { Database } from 'better-sqlite3'

/** A setting's text, or undefined when it was never set. */
export function readSetting(db: Database, key: string): string | undefined {
  return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined
}

/** Sets a setting, replacing what it held. */
export function writeSetting(db: Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
  ).run(key, value)
}

/**
 * A setting holding a JSON array: its items, or undefined when unset or damaged. A damaged value
 * costs what it held, never the feature that reads it.
 */
export function readJsonArray(db: Database, key: string): unknown[] | undefined {
  const value = readSetting(db, key)
  if (value === undefined) return undefined
  try {
    const parsed = JSON.parse(value) as unknown
    return Array.isArray(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}
