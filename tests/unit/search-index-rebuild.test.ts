// The background rebuild of the message search index (core/search/search-index-rebuild.ts), on a
// workspace file whose index an older Rapport wrote: what happens at open, what search finds while
// it runs, a quit in the middle, mail stored and deleted meanwhile, and the progress it reports.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { SearchIndexStatus } from '../../src-preload/contract'
import { openDatabase, type Database } from '../../src-main/core/db/database'
import { HybridClock } from '../../src-main/core/db/hybrid-clock'
import type { ParsedMessage } from '../../src-main/core/mail/message-parser'
import { ContactSearch } from '../../src-main/core/search/contact-search'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { SearchIndexRebuild } from '../../src-main/core/search/search-index-rebuild'
import { readProgress, reindexSearch, SEARCH_INDEX_VERSION } from '../../src-main/core/search/search-reindex'
import { MessageStore } from '../../src-main/core/store/message-store'
import { indexCounts, indexLikeOlderRapport, OLD_WORD } from '../support/older-search-index'
import { ME, message } from './fixtures/workspace'

const CURRENT = String(SEARCH_INDEX_VERSION)

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A workspace file with one account; `store` writes mail through the store, as sync does. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-rebuild-'))
  dirs.push(dir)
  const file = join(dir, 'rapport.sqlite')
  const ws = {
    file,
    db: openDatabase(file),
    store(...messages: ParsedMessage[]): number[] {
      const store = new MessageStore(ws.db, HybridClock.forDatabase(ws.db))
      const context = { accountId: 1, threadingEnabled: true, ownAddresses: new Set([ME]), folder: null }
      return messages.map(
        (parsed) => store.storeBatch(context, [{ uid: null, flags: [], parsed }]).messageIds[0]!
      )
    },
    /** A quit and a restart: the database closed and opened again. */
    reopen(): Database {
      ws.db.close()
      ws.db = openDatabase(file)
      return ws.db
    }
  }
  ws.db
    .prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (1, ?, ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', 'account:test', 0)`
    )
    .run(ME, ME)
  return ws
}

/** Order N: its subject is in the old entries, its body (walrus, pxN) only in the new ones. */
const order = (n: number | string) =>
  message({
    messageId: `<order-${n}@test>`,
    subject: `Order ${n}`,
    text: `The parcel px${n} waits; the walrus is fed.`
  })

/** A workspace with `count` orders, indexed by an older Rapport. Returns the ids, oldest first. */
function olderWorkspace(count: number) {
  const ws = workspace()
  const ids = ws.store(...Array.from({ length: count }, (_, i) => order(i + 1)))
  indexLikeOlderRapport(ws.db)
  return { ws, ids }
}

const found = (db: Database, query: string) =>
  new MessageSearch(db)
    .search({ query, limit: 500 })
    .hits.map((h) => h.messageId)
    .sort()
const orders = (...numbers: Array<number | string>) => numbers.map((n) => `<order-${n}@test>`).sort()
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const version = (db: Database) =>
  db.prepare("SELECT value FROM settings WHERE key = 'search_index_version'").pluck().get()

/**
 * The rebuild, with every report kept. `reached(n)` resolves at the report that has n messages
 * done (or the last): its continuation runs before the next page, which waits for a turn of the
 * event loop, so the test sees the workspace between two pages, as a UI command does.
 */
function rebuildOf(db: Database, pageSize: number, retryDelaysMs?: number[]) {
  const reports: SearchIndexStatus[] = []
  const logged: string[] = []
  /** Retries planned after a failed page; the test runs them when it chooses. */
  const timers: Array<{ ms: number; run: () => void; cancelled: boolean }> = []
  let waiting: { done: number; resolve: () => void } | null = null
  const rebuild = new SearchIndexRebuild(db, {
    report: (status) => {
      reports.push(status)
      if (waiting && (status.done >= waiting.done || !status.rebuilding)) {
        waiting.resolve()
        waiting = null
      }
    },
    log: (m) => logged.push(m),
    pageSize,
    retryDelaysMs,
    setRetryTimer: (run, ms) => {
      const timer = { ms, run, cancelled: false }
      timers.push(timer)
      return { cancel: () => (timer.cancelled = true) }
    }
  })
  const reached = (done: number) => new Promise<void>((resolve) => (waiting = { done, resolve }))
  return { rebuild, reports, logged, reached, timers }
}

/**
 * Another process holding the workspace (the CLI importing beside the app): the rebuild's next
 * page finds it locked at once (no lock timeout here) until `release`.
 */
function holdWorkspace(ws: { file: string; db: Database }) {
  const other = new BetterSqlite3(ws.file)
  other.exec('BEGIN IMMEDIATE')
  ws.db.pragma('busy_timeout = 0')
  return {
    release: () => other.exec('COMMIT'),
    again: () => other.exec('BEGIN IMMEDIATE'),
    close: () => other.close()
  }
}

describe('the search index rebuild of a workspace indexed by an older Rapport', () => {
  it('leaves the mail to the background at open, with contacts and comments rebuilt at once', async () => {
    const { ws, ids } = olderWorkspace(10)
    ws.db.exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')")
    const { rebuild, reports } = rebuildOf(ws.db, 4)
    expect(rebuild.start()).toBe(true)
    // Nothing of the mail has been done in the opening turn: the old entries answer.
    expect(version(ws.db)).toBe('3')
    expect(readProgress(ws.db)).toEqual({
      version: SEARCH_INDEX_VERSION,
      after: 0,
      upTo: ids.at(-1),
      done: 0,
      total: 10
    })
    expect(rebuild.status()).toEqual({ rebuilding: true, done: 0, total: 10 })
    expect(reports).toEqual([])
    expect(found(ws.db, 'walrus')).toEqual([])
    expect(found(ws.db, 'order')).toEqual(orders(...range(1, 10)))
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 10, trigrams: 10, keys: 10 })
    // Contacts are few: done in the same transaction that recorded the rebuild.
    expect(new ContactSearch(ws.db).search({ query: 'carlos' }).contacts).toHaveLength(1)

    await rebuild.settled()
    expect(found(ws.db, 'walrus')).toEqual(orders(...range(1, 10)))
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 0, trigrams: 0, keys: 10 })
    expect(version(ws.db)).toBe(CURRENT)
    expect(readProgress(ws.db)).toBeNull()
    expect(rebuild.status()).toEqual({ rebuilding: false, done: 10, total: 10 })
  })

  it('keeps search working between pages: each message by its old entries until its page is done', async () => {
    const { ws, ids } = olderWorkspace(10)
    const { rebuild, reached } = rebuildOf(ws.db, 4)
    const fourDone = reached(4)
    rebuild.start()
    await fourDone
    expect(found(ws.db, 'order')).toEqual(orders(...range(1, 10)))
    expect(found(ws.db, 'walrus')).toEqual(orders(1, 2, 3, 4))
    expect(found(ws.db, 'px7')).toEqual([])
    // Replaced, not added to: the done ones are no longer found by what only the old indexer wrote.
    expect(found(ws.db, OLD_WORD)).toEqual(orders(...range(5, 10)))
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 6, trigrams: 6, keys: 10 })
    expect(readProgress(ws.db)).toMatchObject({ after: ids[3], done: 4 })
    expect(version(ws.db)).toBe('3')
    expect(indexCounts(ws.db, 'order')).toEqual({ words: 10, trigrams: 10, keys: 10 })
    await rebuild.settled()
  })

  it('ends with the very index a full rebuild writes', async () => {
    const { ws } = olderWorkspace(9)
    // Two of the same second, and one with only an HTML body, which version 3 did not index.
    ws.store(
      message({ messageId: '<same-1@test>', subject: 'Twin', date: 1_800_000_000_000 }),
      message({ messageId: '<same-2@test>', subject: 'Twin', date: 1_800_000_000_000 }),
      message({
        messageId: '<html@test>',
        subject: 'Receipt',
        text: null,
        html: '<p>Your <b>zebrafish</b></p>'
      })
    )
    indexLikeOlderRapport(ws.db)
    const snapshot = () => ({
      hits: ['walrus', 'order', 'px3', 'from:carlos', '@client', 'twin', 'zebrafish'].map((q) =>
        new MessageSearch(ws.db).search({ query: q, limit: 500 }).hits.map((h) => h.messageId)
      ),
      keys: ws.db.prepare('SELECT * FROM message_search_keys ORDER BY key').safeIntegers().all(),
      counts: [indexCounts(ws.db, 'walrus'), indexCounts(ws.db, 'twin'), indexCounts(ws.db, OLD_WORD)]
    })
    const { rebuild } = rebuildOf(ws.db, 2)
    rebuild.start()
    await rebuild.settled()
    const background = snapshot()
    expect(background.hits[6]).toEqual(['<html@test>'])
    expect(background.counts[2]).toEqual({ words: 0, trigrams: 0, keys: 12 })
    reindexSearch(ws.db)
    expect(snapshot()).toEqual(background)
  })

  it('resumes after a quit from the page it had reached, and ends with every message indexed once', async () => {
    const { ws, ids } = olderWorkspace(10)
    const first = rebuildOf(ws.db, 3)
    const sixDone = first.reached(6)
    first.rebuild.start()
    await sixDone
    // The app quits between two pages: WorkspaceServices.close stops the rebuild, then closes.
    first.rebuild.stop()
    ws.reopen()
    await first.rebuild.settled()
    expect(readProgress(ws.db)).toEqual({
      version: SEARCH_INDEX_VERSION,
      after: ids[5],
      upTo: ids[9],
      done: 6,
      total: 10
    })
    expect(version(ws.db)).toBe('3')

    const second = rebuildOf(ws.db, 3)
    expect(second.rebuild.start()).toBe(true)
    expect(second.rebuild.status()).toEqual({ rebuilding: true, done: 6, total: 10 })
    await second.rebuild.settled()
    // From where it stopped: no page done again.
    expect(second.reports.map((r) => r.done)).toEqual([6, 9, 10])
    expect(found(ws.db, 'walrus')).toEqual(orders(...range(1, 10)))
    expect(indexCounts(ws.db, 'order')).toEqual({ words: 10, trigrams: 10, keys: 10 })
    expect(indexCounts(ws.db, 'walrus').words).toBe(10)
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 0, trigrams: 0, keys: 10 })
    expect(version(ws.db)).toBe(CURRENT)
  })

  it('indexes mail stored meanwhile exactly once, and drops mail deleted meanwhile', async () => {
    const { ws, ids } = olderWorkspace(10)
    const { rebuild, reached } = rebuildOf(ws.db, 3)
    const threeDone = reached(3)
    rebuild.start()
    await threeDone
    // Sync between two pages: a message done is deleted, the last one (not reached yet) too; the
    // messages stored now get ids past the last one deleted (never its id: migration 0036), so
    // beyond where the rebuild ends, and the store indexes them.
    const deleteMessage = ws.db.prepare('DELETE FROM messages WHERE id = ?')
    deleteMessage.run(ids[1])
    deleteMessage.run(ids[9])
    const [stored] = ws.store(order('stored'))
    const [beyond] = ws.store(order('beyond'))
    expect(stored).toBe(ids[9]! + 1)
    expect(beyond).toBeGreaterThan(stored!)
    expect(found(ws.db, 'pxstored')).toEqual(orders('stored'))
    await rebuild.settled()

    const left = range(1, 10).filter((n) => n !== 2 && n !== 10)
    expect(found(ws.db, 'walrus')).toEqual(orders(...left, 'stored', 'beyond'))
    for (const word of ['pxstored', 'pxbeyond'])
      expect(
        ws.db.prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?').pluck().get(word)
      ).toBe(1)
    expect(found(ws.db, 'px2')).toEqual([])
    expect(found(ws.db, 'px10')).toEqual([])
    expect(indexCounts(ws.db, 'order')).toEqual({ words: 10, trigrams: 10, keys: 10 })
    expect(indexCounts(ws.db, 'walrus').words).toBe(10)
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 0, trigrams: 0, keys: 10 })
  })

  it('reports where it stands when it starts, after every page, and when it ends', async () => {
    const { ws } = olderWorkspace(10)
    const { rebuild, reports } = rebuildOf(ws.db, 3)
    rebuild.start()
    await rebuild.settled()
    expect(reports).toEqual([
      { rebuilding: true, done: 0, total: 10 },
      { rebuilding: true, done: 3, total: 10 },
      { rebuilding: true, done: 6, total: 10 },
      { rebuilding: true, done: 9, total: 10 },
      { rebuilding: false, done: 10, total: 10 }
    ])
  })

  it('stops at its next page when search.reindex has rebuilt everything meanwhile', async () => {
    const { ws } = olderWorkspace(10)
    const { rebuild, reports, reached } = rebuildOf(ws.db, 3)
    const threeDone = reached(3)
    rebuild.start()
    await threeDone
    expect(reindexSearch(ws.db).messages).toBe(10)
    expect(readProgress(ws.db)).toBeNull()
    await rebuild.settled()
    expect(reports.map((r) => r.done)).toEqual([0, 3, 10])
    expect(reports.at(-1)!.rebuilding).toBe(false)
    expect(found(ws.db, 'walrus')).toEqual(orders(...range(1, 10)))
    expect(indexCounts(ws.db, 'order')).toEqual({ words: 10, trigrams: 10, keys: 10 })
    expect(indexCounts(ws.db, OLD_WORD)).toEqual({ words: 0, trigrams: 0, keys: 10 })
  })

  it('has nothing to do in the background for a workspace without mail, or one already up to date', () => {
    const empty = workspace()
    indexLikeOlderRapport(empty.db)
    const { rebuild, reports } = rebuildOf(empty.db, 3)
    expect(rebuild.start()).toBe(false)
    expect(version(empty.db)).toBe(CURRENT)

    const { ws } = olderWorkspace(3)
    ws.db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(CURRENT, 'search_index_version')
    const current = rebuildOf(ws.db, 3)
    expect(current.rebuild.start()).toBe(false)
    expect([...reports, ...current.reports]).toEqual([])
    expect(found(ws.db, 'walrus')).toEqual([])
  })

  it('tries a page that failed again after a wait, from the page it had reached', async () => {
    const { ws } = olderWorkspace(10)
    const { rebuild, reports, logged, reached, timers } = rebuildOf(ws.db, 3, [30_000, 60_000])
    const threeDone = reached(3)
    rebuild.start()
    await threeDone
    const other = holdWorkspace(ws)
    await rebuild.settled()
    expect(reports.at(-1)).toEqual({ rebuilding: false, done: 0, total: 0 })
    expect(logged).toEqual([
      expect.stringMatching(
        /database is locked.*search finds mail as before, and Rapport tries again in 30 s\.$/
      )
    ])
    expect(timers.map((t) => t.ms)).toEqual([30_000])

    other.release()
    other.close()
    timers[0]!.run()
    expect(rebuild.status()).toEqual({ rebuilding: true, done: 3, total: 10 })
    await rebuild.settled()
    expect(reports.slice(-4).map((r) => r.done)).toEqual([3, 6, 9, 10])
    expect(found(ws.db, 'walrus')).toEqual(orders(...range(1, 10)))
    expect(indexCounts(ws.db, 'order')).toEqual({ words: 10, trigrams: 10, keys: 10 })
    expect(version(ws.db)).toBe(CURRENT)
    expect(timers).toHaveLength(1)
  })

  it('waits for the next open after its last try, and plans none once stopped', async () => {
    const { ws } = olderWorkspace(10)
    const { rebuild, logged, timers } = rebuildOf(ws.db, 3, [30_000])
    rebuild.start()
    // Held from before the first page on.
    const other = holdWorkspace(ws)
    await rebuild.settled()
    timers[0]!.run()
    await rebuild.settled()
    expect(logged[1]).toMatch(/and the update continues when Rapport next opens\.$/)
    expect(timers).toHaveLength(1)

    // The next open: its upgrade step is done already, so start() reads the position alone.
    const again = rebuildOf(ws.db, 3, [30_000])
    again.rebuild.start()
    await again.rebuild.settled()
    again.rebuild.stop()
    expect(again.timers.map((t) => t.cancelled)).toEqual([true])
    other.release()
    other.close()
    expect(readProgress(ws.db)).toMatchObject({ done: 0, total: 10 })
  })

  it('starts the waits over once a retry gets a page done', async () => {
    const { ws } = olderWorkspace(12)
    const { rebuild, logged, reached, timers } = rebuildOf(ws.db, 3, [30_000, 60_000])
    rebuild.start()
    const other = holdWorkspace(ws)
    await rebuild.settled()
    other.release()
    // The retry gets two pages done, then another page finds the workspace held again.
    const sixDone = reached(6)
    timers[0]!.run()
    await sixDone
    other.again()
    await rebuild.settled()
    other.release()
    other.close()
    expect(timers.map((t) => t.ms)).toEqual([30_000, 30_000])
    expect(logged.map((m) => m.endsWith('Rapport tries again in 30 s.'))).toEqual([true, true])
    timers[1]!.run()
    await rebuild.settled()
    expect(found(ws.db, 'walrus')).toEqual(orders(...range(1, 12)))
    expect(version(ws.db)).toBe(CURRENT)
  })
})
