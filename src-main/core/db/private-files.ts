import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'

/**
 * Mail, contacts and comments are for this user's eyes only, whatever the folder they are kept in
 * (a data directory made beforehand with mkdir is usually readable by everyone, 0755). A database
 * file is created 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the same
 * mode; one made by an earlier version is narrowed to it. No effect on Windows, where the folder
 * in the user's profile is already theirs only.
 */
export function privateDatabaseFile(file: string): void {
  if (file === ':memory:' || file === '') return
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600)
}

/** A folder of this user's alone (0700), made if missing, narrowed if an earlier version made it wider. */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}
