import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { disconnectAccount } from '../../src-main/core/accounts/account-disconnect'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { ManualClock } from '../../src-main/core/clock'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import { parseAndCache } from '../../src-main/core/mail/parse-and-cache'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { AttachmentCache, RECENTLY_CACHED_MS } from '../../src-main/core/store/attachment-cache'
import { MessageStore } from '../../src-main/core/store/message-store'
import { ME, memoryWorkspace } from './fixtures/workspace'
import { mailWithAttachments } from '../support/attachment-mail'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const PDF = Buffer.from('%PDF-1.7 the same price list, sent to both mailboxes')

function mailWithPriceList(messageId: string): Buffer {
  const attachments = [{ bytes: PDF, filename: 'prices.pdf' }]
  return Buffer.from(
    mailWithAttachments({
      messageId: `<${messageId}>`,
      to: `${ME}, me@second.test`,
      subject: 'price list',
      attachments
    })
  )
}

/** A workspace with two mailboxes (1 and 2) and an attachment cache on disk. */
function twoMailboxes() {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-release-race-'))
  const cache = new AttachmentCache(dir)
  cleanups.push(() => {
    cache.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const ws = memoryWorkspace()
  ws.db
    .prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (2, 'me@second.test', 'me@second.test', 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:second', 0)`
    )
    .run()
  const hlc = HybridClock.forDatabase(ws.db)
  const store = new MessageStore(ws.db, hlc, null, cache)
  const contextOf = (accountId: number) => ({
    ...ws.context,
    accountId,
    ownAddresses: new Set([ME, 'me@second.test'])
  })
  /** Parsed (its bytes cached, as a parse worker does) but not stored yet. */
  const parse = async (messageId: string) => ({
    uid: null,
    flags: [],
    parsed: await parseAndCache(mailWithPriceList(messageId), undefined, cache)
  })
  /** The cache path the stored message of this account refers to. */
  const pathOf = (accountId: number) =>
    (
      ws.db
        .prepare(
          'SELECT a.cache_path FROM attachments a JOIN messages m ON m.id = a.message_pk WHERE m.account_id = ?'
        )
        .get(accountId) as { cache_path: string }
    ).cache_path
  /** As if every blob had been cached this long ago (the cache keeps real times). */
  const cachedAgo = (ms: number) => {
    const blobs = new BetterSqlite3(join(dir, 'blobs.db'))
    blobs.prepare('UPDATE blobs SET stored_at = ?').run(Date.now() - ms)
    blobs.close()
  }
  return { dir, cache, ws, hlc, store, contextOf, parse, pathOf, cachedAgo }
}

describe('releasing attachment bytes vs. another import of the same attachment', () => {
  it('a pass that stops keeps the bytes another mailbox’s import has cached for the same mail', async () => {
    const box = twoMailboxes()
    // The same mail reached both mailboxes; each one's import has parsed it.
    const first = await box.parse('price@client.test')
    const second = await box.parse('price@client.test')
    const key = second.parsed.attachments[0]!.cacheKey!
    expect(first.parsed.attachments[0]!.cacheKey).toBe(key)

    // The first mailbox's pass stops (its connection dropped) before storing its batch.
    box.store.releaseUnstored([first])
    // The second mailbox's import goes on and stores the message.
    box.store.storeBatch(box.contextOf(2), [second])

    expect(box.pathOf(2)).toBe(key)
    expect(box.cache.read(key)).toEqual(PDF)
  })

  it('deleting a mailbox keeps the bytes another mailbox’s import has cached and not stored yet', async () => {
    const box = twoMailboxes()
    box.store.storeBatch(box.contextOf(1), [await box.parse('price@client.test')])
    const key = box.pathOf(1)
    // Cached when the first mailbox imported it, long ago.
    box.cachedAgo(30 * 24 * 60 * 60_000)
    // The second mailbox's import (or a backfill) parses the same mail: cached again, not stored.
    const second = await box.parse('price@client.test')

    const secrets = new MemorySecretStore(null)
    const deps = {
      db: box.ws.db,
      accounts: new AccountRepository(box.ws.db),
      secrets,
      stopSync: async () => undefined,
      cache: box.cache,
      hlc: box.hlc,
      clock: new ManualClock(Date.now())
    }
    await disconnectAccount(deps, 1, 'delete')
    box.store.storeBatch(box.contextOf(2), [second])

    expect(box.pathOf(2)).toBe(key)
    expect(box.cache.read(key)).toEqual(PDF)
  })

  it('still deletes bytes nobody uses: at once when cached over an hour ago, else at the next sweep', async () => {
    const box = twoMailboxes()
    const stopped = await box.parse('price@client.test')
    const key = stopped.parsed.attachments[0]!.cacheKey!
    // Cached moments ago, they may be another import's too: kept for now...
    box.store.releaseUnstored([stopped])
    expect(box.cache.read(key)).toEqual(PDF)
    // ...and swept at a start an hour on (Core's constructor), nothing having stored them.
    expect(box.cache.sweep(box.ws.db, Date.now() + 1)).toBe(1)
    expect(box.cache.read(key)).toBeNull()

    // Cached over an hour ago and not cached again since: no import can be waiting to store them.
    const old = await box.parse('old@client.test')
    box.cachedAgo(RECENTLY_CACHED_MS + 1000)
    box.store.releaseUnstored([old])
    expect(box.cache.read(old.parsed.attachments[0]!.cacheKey!)).toBeNull()
  })
})
