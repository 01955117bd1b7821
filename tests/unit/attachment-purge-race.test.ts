import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { parseAndCache } from '../../src-main/core/mail/parse-and-cache'
import { AttachmentCache } from '../../src-main/core/store/attachment-cache'
import { MessageStore } from '../../src-main/core/store/message-store'
import { TRASH_RETENTION_MS, TrashRetention } from '../../src-main/core/sync/trash-retention'
import { memoryWorkspace } from './fixtures/workspace'
import { mailWithAttachments } from '../support/attachment-mail'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const PDF = Buffer.from('%PDF-1.7 the same price list, sent twice')

function mailWithPriceList(messageId: string): Buffer {
  const attachments = [{ bytes: PDF, filename: 'prices.pdf' }]
  return Buffer.from(
    mailWithAttachments({
      messageId: `<${messageId}>`,
      to: 'me@rapport.test',
      subject: 'price list',
      attachments
    })
  )
}

/**
 * A workspace whose one message, with the price list attached, was deleted from the server's
 * Trash long ago (no location) and is due for purging; its bytes were cached back then (the cache
 * keeps real times).
 */
async function withExpiredPriceList() {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-race-'))
  const cache = new AttachmentCache(dir)
  cleanups.push(() => {
    cache.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const ws = memoryWorkspace()
  const hlc = HybridClock.forDatabase(ws.db)
  const store = new MessageStore(ws.db, hlc, null, cache)
  const clock = new ManualClock(Date.now())
  const trash = new TrashRetention(ws.db, clock, hlc, cache)
  const old = await parseAndCache(mailWithPriceList('old@client.test'), undefined, cache)
  const [oldPk] = store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: old }]).messageIds
  ws.db.prepare('INSERT INTO trash_entries (message_pk, trashed_at) VALUES (?, ?)').run(oldPk, clock.now())
  clock.advance(TRASH_RETENTION_MS + 1)
  const blobs = new BetterSqlite3(join(dir, 'blobs.db'))
  blobs.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - TRASH_RETENTION_MS - 1)
  blobs.close()
  return { cache, ws, store, trash, key: old.attachments[0]!.cacheKey! }
}

describe('trash purge vs. an import of the same attachment', () => {
  it('does not delete bytes an import has just cached for a message it is about to store', async () => {
    const { cache, ws, store, trash } = await withExpiredPriceList()

    // A new message with the same attachment: a parse worker has parsed it and cached its bytes;
    // the store's transaction comes later (after the rest of the batch).
    const fresh = await parseAndCache(mailWithPriceList('new@client.test'), undefined, cache)
    const key = fresh.attachments[0]!.cacheKey!
    expect(cache.read(key)).toEqual(PDF)

    // The hourly Trash sweep runs in between (a timer on the core's thread).
    expect(trash.sweep().purged).toBe(1)

    store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: fresh }])
    const row = ws.db
      .prepare(
        'SELECT a.cache_path FROM attachments a JOIN messages m ON m.id = a.message_pk WHERE m.message_id = ?'
      )
      .get('<new@client.test>') as { cache_path: string }
    expect(row.cache_path).toBe(key)
    // The new message's attachment must still be kept offline.
    expect(cache.read(key)).toEqual(PDF)
  })

  it('still releases the bytes of purged mail when no import has cached them again', async () => {
    const { cache, trash, key } = await withExpiredPriceList()
    expect(trash.sweep().purged).toBe(1)
    expect(cache.read(key)).toBeNull()
  })
})
