// What the attachment cache of a data folder holds, read from its file as the core left it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { RECENTLY_CACHED_MS } from '../../src-main/core/store/attachment-cache'

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

/** As if every blob in the data dir's cache had been cached this long ago (it keeps real times). */
export function cachedAgo(dataDir: string, ms: number): void {
  const db = new BetterSqlite3(join(dataDir, 'attachments', 'blobs.db'))
  try {
    db.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - ms)
  } finally {
    db.close()
  }
}

/**
 * The bytes left once Rapport starts on this data folder (its core closed first) an hour from
 * now: the sweep at start takes what a release kept as recently cached and nothing stored since.
 */
export function blobsAfterAStartAnHourOn(dataDir: string): number {
  new Core({
    dataDir,
    secrets: new MemorySecretStore(null),
    log: () => {},
    clock: new ManualClock(Date.now() + RECENTLY_CACHED_MS + 1000)
  }).close()
  return blobsIn(dataDir)
}
