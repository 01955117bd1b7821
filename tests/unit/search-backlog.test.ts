import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CoreEvents } from '../../src-main/core/core-events'
import type { ParsedMessage } from '../../src-main/core/mail/message-parser'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { WorkspaceServices } from '../../src-main/core/workspace-services'
import { memoryWorkspace, message } from './fixtures/workspace'

type Workspace = ReturnType<typeof memoryWorkspace>

/** Stores mail as an import does: indexed later, by a drain. */
const storeLater = (ws: Workspace, ...parsed: ParsedMessage[]) =>
  ws.store.storeBatch(
    { ...ws.context, indexLater: true },
    parsed.map((p) => ({ uid: null, flags: [], parsed: p }))
  ).messageIds

const found = (ws: Workspace, query: string) =>
  new MessageSearch(ws.db).search({ query }).hits.map((h) => h.messageId)
const count = (ws: Workspace, sql: string) => ws.db.prepare(sql).pluck().get() as number

describe('search backlog: mail an import indexes a batch at a time', () => {
  it('keeps new mail out of search until the drain, then finds it once', () => {
    const ws = memoryWorkspace()
    const parsed = message({ subject: 'Faktur kuartal ketiga', text: '您的发票已开具' })
    storeLater(ws, parsed)
    expect(found(ws, 'faktur')).toEqual([])
    expect(ws.store.indexPending()).toBe(1)
    expect(found(ws, 'faktur')).toEqual([parsed.messageId])
    expect(found(ws, '发票已开具')).toEqual([parsed.messageId])
    // A second drain finds nothing left, and indexes nothing twice.
    expect(ws.store.indexPending()).toBe(0)
    expect(count(ws, 'SELECT count(*) FROM message_search_keys')).toBe(1)
  })

  it('indexes mail stored the usual way at once, with no mark left', () => {
    const ws = memoryWorkspace()
    const parsed = message({ subject: 'Penawaran harga' })
    ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed }])
    expect(found(ws, 'penawaran')).toEqual([parsed.messageId])
    expect(count(ws, 'SELECT count(*) FROM search_pending')).toBe(0)
  })

  it('drains more mail than one page, in order, and only mail still stored', () => {
    const ws = memoryWorkspace()
    const many = Array.from({ length: 600 }, (_, i) => message({ subject: `Order ${i} kontrak` }))
    const ids = storeLater(ws, ...many)
    // Deleted before its index came: its mark goes with it, and the drain does not trip on it.
    ws.db.prepare('DELETE FROM messages WHERE id = ?').run(ids[10])
    expect(ws.store.indexPending()).toBe(599)
    expect(count(ws, 'SELECT count(*) FROM message_search_keys')).toBe(599)
    expect(new MessageSearch(ws.db).search({ query: 'kontrak', limit: 1000 }).hits).toHaveLength(599)
  })

  it('a rebuild of the index takes the waiting mail, and the drain does not index it again', () => {
    const ws = memoryWorkspace()
    const parsed = message({ subject: 'Laporan bulanan' })
    storeLater(ws, parsed)
    reindexSearch(ws.db)
    expect(count(ws, 'SELECT count(*) FROM search_pending')).toBe(0)
    expect(ws.store.indexPending()).toBe(0)
    expect(found(ws, 'laporan')).toEqual([parsed.messageId])
  })

  it('sets aside a message the index refuses, and indexes the rest of its page', () => {
    const ws = memoryWorkspace()
    const [bad, good] = [message({ subject: 'Rusak satu' }), message({ subject: 'Baik satu' })]
    const [badId] = storeLater(ws, bad, good)
    ws.db.function('refuse', () => {
      throw new Error('this message cannot be indexed')
    })
    ws.db.exec(`CREATE TEMP TRIGGER refuse_one BEFORE INSERT ON message_search_keys
      WHEN NEW.message_pk = ${badId} BEGIN SELECT refuse(); END`)
    expect(ws.store.indexPending()).toBe(1)
    expect(found(ws, 'baik')).toEqual([good.messageId])
    // Stored and listed still, not searchable, and no longer retried by every drain.
    expect(count(ws, 'SELECT count(*) FROM messages')).toBe(2)
    expect(count(ws, 'SELECT count(*) FROM search_pending')).toBe(0)
  })

  it('leaves the marks when the database is in trouble, and the next drain indexes the mail', () => {
    const ws = memoryWorkspace()
    const parsed = message({ subject: 'Disk penuh' })
    storeLater(ws, parsed)
    let full = true
    ws.db.function('disk', () => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      return 0
    })
    ws.db.exec('CREATE TEMP TRIGGER full_disk BEFORE INSERT ON message_search_keys BEGIN SELECT disk(); END')
    expect(() => ws.store.indexPending()).toThrow(/disk is full/)
    expect(count(ws, 'SELECT count(*) FROM search_pending')).toBe(1)
    full = false
    expect(ws.store.indexPending()).toBe(1)
    expect(found(ws, 'penuh')).toEqual([parsed.messageId])
  })
})

describe('search backlog across a restart', () => {
  let dir: string | null = null
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = null
  })

  it('indexes, when the workspace opens, mail a stopped import stored but had not indexed', () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-backlog-'))
    const file = join(dir, 'rapport.sqlite')
    const open = () => WorkspaceServices.open(file, new MemorySecretStore(), new CoreEvents(), () => {})
    const parsed = message({ subject: 'Kontrak tahunan' })
    const first = open()
    try {
      const accountId = Number(
        first.db
          .prepare(
            `INSERT INTO accounts (email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
             VALUES ('me@rapport.test', 'me', 'h', 1, 'tls', 'h', 1, 'tls', 'x', 0)`
          )
          .run().lastInsertRowid
      )
      const context = { accountId, threadingEnabled: true, ownAddresses: new Set<string>(), folder: null }
      first.store.storeBatch({ ...context, indexLater: true }, [{ uid: null, flags: [], parsed }])
    } finally {
      first.close()
    }
    const second = open()
    try {
      expect(second.db.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(0)
      const hits = new MessageSearch(second.db).search({ query: 'tahunan' }).hits
      expect(hits.map((h) => h.messageId)).toEqual([parsed.messageId])
    } finally {
      second.close()
    }
  })
})
