// What the attachment cache of a data folder holds, read from its file as the core left it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'

/** Attachment bytes in the data dir's cache, whatever refers to them. */
export function blobsIn(dataDir: string): number {
  const file = join(dataDir, 'attachments', 'blobs.db')
  if (!existsSync(file)) return 0
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n
  } finally {
    db.close()
  }
}
