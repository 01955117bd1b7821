// A workspace whose search index an older Rapport wrote, opened by the core as the app opens it:
// the core is usable at once, the mail is indexed again in the background (search.index events,
// search.indexStatus), search answers throughout, and a restart in the middle resumes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { SearchIndexStatus } from '../../src-preload/contract'
import { Core, type CoreOptions } from '../../src-main/core/core'
import type { ParsedMessage } from '../../src-main/core/mail/message-parser'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'
import { indexCounts, indexLikeOlderRapport, OLD_WORD } from '../support/older-search-index'
import { SEARCH_INDEX_VERSION } from '../../src-main/core/search/search-reindex'

const ME = 'alice@example.test'
const COUNT = 24
const PAGE = 4
const dirs: string[] = []
const cores: Core[] = []

afterEach(() => {
  for (const core of cores.splice(0)) core.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The core on `dataDir`, as a host opens it; pages of PAGE messages so a rebuild has several. */
function openCore(dataDir: string, host: Pick<CoreOptions, 'log' | 'sync'> = {}) {
  const core = new Core({
    dataDir,
    secrets: new MemorySecretStore(null),
    log: host.log ?? (() => undefined),
    sync: { searchIndexPage: PAGE, ...host.sync }
  })
  cores.push(core)
  const statuses: SearchIndexStatus[] = []
  // A listener that resolves a waiter runs before the rebuild's next page: the page waits for a
  // turn of the event loop, and the waiter's continuation is a microtask.
  let waiting: { done: number; resolve: () => void } | null = null
  core.events.subscribe((name, payload) => {
    if (name !== 'search.index') return
    const status = payload as SearchIndexStatus
    statuses.push(status)
    if (waiting && (status.done >= waiting.done || !status.rebuilding)) {
      waiting.resolve()
      waiting = null
    }
  })
  return {
    core,
    call: coreCaller(core),
    statuses,
    /** Resolves at the event that has `done` messages indexed again, or at the last one. */
    reached: (done: number) => new Promise<void>((resolve) => (waiting = { done, resolve })),
    close() {
      cores.splice(cores.indexOf(core), 1)
      core.close()
    }
  }
}

const order = (n: number): ParsedMessage => ({
  messageId: `<order-${n}@client.test>`,
  inReplyTo: null,
  references: [],
  subject: `Order ${n}`,
  from: { name: 'Carlos Mendes', address: 'carlos@client.test' },
  to: [{ name: '', address: ME }],
  cc: [],
  bcc: [],
  replyTo: [],
  date: Date.UTC(2026, 10, 2) + n * 60_000,
  text: `The parcel px${n} waits; the walrus is fed.`,
  html: null,
  snippet: 'The parcel',
  attachments: [],
  size: 100,
  parseError: null
})

/** A data dir with COUNT orders in its workspace, indexed by an older Rapport. */
function olderDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-reindex-'))
  dirs.push(dataDir)
  const { core, close } = openCore(dataDir)
  const { db, store } = core.workspace
  db.prepare(
    `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
     VALUES (1, ?, 'alice', '127.0.0.1', 1, 'none', '127.0.0.1', 1, 'none', 'account:1', 0)`
  ).run(ME)
  const context = { accountId: 1, threadingEnabled: true, ownAddresses: new Set([ME]), folder: null }
  for (let n = 1; n <= COUNT; n++) store.storeBatch(context, [{ uid: null, flags: [], parsed: order(n) }])
  indexLikeOlderRapport(db)
  close()
  return dataDir
}

const setting = (core: Core, key: string) =>
  core.workspace.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined

describe('a workspace indexed by an older Rapport, opened by the core', () => {
  it('opens at once, answers search while its mail is indexed again, and ends as search.reindex would', async () => {
    const { core, call, statuses, reached } = openCore(olderDataDir())
    // The constructor has returned: nothing of the mail has been indexed again yet.
    expect(setting(core, 'search_index_version')).toBe('3')
    expect(JSON.parse(setting(core, 'search_index_rebuild')!)).toMatchObject({
      after: 0,
      done: 0,
      total: COUNT
    })
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: true, done: 0, total: COUNT })
    const hits = async (query: string) =>
      (await call('search.messages', { query, limit: 500 })).hits.map((h) => h.messageId).sort()
    expect(await hits('walrus')).toEqual([])
    expect(await hits('order')).toHaveLength(COUNT)

    // Between two pages, as a UI command is answered.
    await reached(2 * PAGE)
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: true, done: 2 * PAGE, total: COUNT })
    expect(await hits('walrus')).toHaveLength(2 * PAGE)
    expect(await hits(OLD_WORD)).toHaveLength(COUNT - 2 * PAGE)
    expect(await hits('order')).toHaveLength(COUNT)

    await reached(COUNT)
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: false, done: COUNT, total: COUNT })
    expect(setting(core, 'search_index_version')).toBe(String(SEARCH_INDEX_VERSION))
    expect(setting(core, 'search_index_rebuild')).toBeUndefined()
    // Progress went one way, page by page, and said when it was done.
    expect(statuses.map((s) => s.done)).toEqual([0, 4, 8, 12, 16, 20, 24])
    expect(statuses.every((s) => s.total === COUNT)).toBe(true)
    expect(statuses.at(-1)).toEqual({ rebuilding: false, done: COUNT, total: COUNT })

    const queries = ['walrus', 'order', 'px7', OLD_WORD, 'from:carlos walrus', '@client']
    const background = await Promise.all(queries.map(hits))
    expect(background[0]).toHaveLength(COUNT)
    expect(background[3]).toEqual([])
    await call('search.reindex', {})
    expect(await Promise.all(queries.map(hits))).toEqual(background)
  })

  it('resumes after a restart in the middle, and indexes every message exactly once', async () => {
    const dataDir = olderDataDir()
    const first = openCore(dataDir)
    await first.reached(3 * PAGE)
    first.close()

    const second = openCore(dataDir)
    expect(await second.call('search.indexStatus', {})).toEqual({
      rebuilding: true,
      done: 3 * PAGE,
      total: COUNT
    })
    await second.reached(COUNT)
    // From the page it had reached: none done twice.
    expect(second.statuses.map((s) => s.done)).toEqual([12, 16, 20, 24])
    const db = second.core.workspace.db
    expect(indexCounts(db, 'order')).toEqual({ words: COUNT, trigrams: COUNT, keys: COUNT })
    expect(indexCounts(db, OLD_WORD)).toEqual({ words: 0, trigrams: 0, keys: COUNT })
    expect(indexCounts(db, 'walrus').words).toBe(COUNT)
  })

  it('goes on while the sample workspace is shown, which says nothing of it', async () => {
    const { core, call, statuses, reached } = openCore(olderDataDir())
    const main = core.workspace
    await reached(PAGE)
    await call('workspace.openSample', {})
    const heard = statuses.length
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: false, done: 0, total: 0 })
    await main.searchIndex.settled()
    expect(statuses).toHaveLength(heard)
    await call('workspace.openMain', {})
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: false, done: COUNT, total: COUNT })
  })

  it('says a failed page waits for the next run when the host plans no retries, as the CLI does', async () => {
    const dataDir = olderDataDir()
    const logged: string[] = []
    const { core, call, reached } = openCore(dataDir, {
      log: (message) => logged.push(message),
      sync: { searchIndexRetryDelaysMs: [] }
    })
    await reached(PAGE)
    // Another process holds the workspace past the lock timeout.
    const other = new BetterSqlite3(join(dataDir, 'rapport.sqlite'))
    other.exec('BEGIN IMMEDIATE')
    core.workspace.db.pragma('busy_timeout = 0')
    await core.workspace.searchIndex.settled()
    other.exec('COMMIT')
    other.close()
    expect(await call('search.indexStatus', {})).toEqual({ rebuilding: false, done: 0, total: 0 })
    expect(logged.filter((m) => m.startsWith('Updating the search index failed'))).toEqual([
      expect.stringMatching(/and the update continues when Rapport next opens\.$/)
    ])
    expect(JSON.parse(setting(core, 'search_index_rebuild')!)).toMatchObject({ done: PAGE, total: COUNT })
  })
})
