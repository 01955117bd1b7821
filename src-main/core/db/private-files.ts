import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

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
  makeFolder(dir, 0o700)
  chmodSync(dir, 0o700)
}

/**
 * `mkdir -p`, each missing folder made with `mode`; throws the first refusal (ENOENT, EACCES,
 * ENOTDIR). Not Node's `recursive: true`: where a folder cannot be made and the system says ENOENT
 * although its parent exists (under /proc or /sys), that one makes the parent again and retries
 * forever, and the process hangs at full CPU.
 */
export function makeFolder(dir: string, mode: number): void {
  const missing: string[] = []
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode })
    } catch (error) {
      // Made meanwhile by another process is as good; a file or a broken link there is not.
      if ((error as { code?: string }).code !== 'EEXIST' || !isFolder(folder)) throw error
    }
  }
  // A file where the folder should be: refused as mkdir would.
  if (missing.length === 0 && !isFolder(dir)) mkdirSync(dir)
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}
