// The search indexes kept in step with the mail: deletes, rebuilds, the store's transaction, keys
// in date order, and a batch written as one FTS5 segment of each index, not one per message (FTS5
// writes out what it holds in memory whenever a rowid comes below the last one, and search keys
// run newest first while an import stores mail oldest first; see MessageIndex).
import { describe, expect, it } from 'vitest'
import type { SearchCursor } from '../../src-preload/contract'
import type { Database } from '../../src-main/core/db/database'
import type { ParsedMessage } from '../../src-main/core/mail/message-parser'
import { MessageIndex } from '../../src-main/core/search/message-index'
import { pageQuery } from '../../src-main/core/search/message-search'
import { compileQuery } from '../../src-main/core/search/query-compiler'
import { parseQuery } from '../../src-main/core/search/query-parser'
import {
  beginSearchIndexUpgrade,
  ensureSearchIndex,
  MessageReindexer,
  reindexSearch
} from '../../src-main/core/search/search-reindex'
import { importTransaction } from '../../src-main/core/store/import-transaction'
import { addr } from './fixtures/crm-workspace'
import { mailbox, type Workspace } from './fixtures/search-mailbox'
import { memoryWorkspace, message } from './fixtures/workspace'

describe('search index upkeep', () => {
  const count = (ws: Workspace, table: string) =>
    (ws.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

  it('removes a deleted message from both indexes, so a reused rowid inherits nothing', () => {
    const { ws, add, ids } = mailbox()
    add(message({ subject: 'Keep' }))
    const gone = add(message({ subject: 'Zebra 发票已开具' }))
    ws.db.prepare('DELETE FROM messages WHERE message_id = ?').run(gone.messageId)
    const reused = add(message({ subject: 'Plain' }))
    expect(ids('zebra')).toEqual([])
    expect(ids('发票已开具')).toEqual([])
    expect(ids('plain')).toEqual([reused.messageId])
  })

  it('search.reindex rebuilds both indexes from the stored rows, with the same results', () => {
    const { ws, add, ids } = mailbox()
    add(message({ subject: 'Quotation 发票已开具', cc: [addr('ann@gmail.com')] }))
    add(message({ subject: 'Other' }))
    const before = ['quotation', '发票已开具', '@gmail', 'other'].map(ids)
    ws.db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all')")
    ws.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')")
    expect(ids('quotation')).toEqual([])
    expect(reindexSearch(ws.db)).toEqual({ messages: 2, contacts: count(ws, 'contacts'), comments: 0 })
    expect(['quotation', '发票已开具', '@gmail', 'other'].map(ids)).toEqual(before)
  })

  it('rebuilds on open when the index was built by an older indexer', () => {
    const { ws, add, ids } = mailbox()
    const m = add(message({ subject: '发票已开具' }))
    // The fixture opens the database without WorkspaceServices, which indexes on open.
    expect(ensureSearchIndex(ws.db)).toBe(true)
    expect(ensureSearchIndex(ws.db)).toBe(false)
    ws.db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('delete-all')")
    ws.db.prepare("UPDATE settings SET value = '0' WHERE key = 'search_index_version'").run()
    expect(ensureSearchIndex(ws.db)).toBe(true)
    expect(ids('发票已开具')).toEqual([m.messageId])
  })

  it('indexes a message in the store transaction: a failed batch leaves nothing searchable', () => {
    const { ws, ids } = mailbox()
    const ok = message({ subject: 'Walrus one' })
    const clash = message({ subject: 'Walrus two' })
    expect(() =>
      ws.db.transaction(() => {
        ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: ok }])
        ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: clash }])
        throw new Error('crash mid-sync')
      })()
    ).toThrow('crash mid-sync')
    expect(ids('walrus')).toEqual([])
    ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: ok }])
    expect(ids('walrus')).toEqual([ok.messageId])
  })

  it('reads a full-text index newest first and stops at the page, without sorting the matches', () => {
    const { ws } = mailbox()
    for (const query of [
      'offer',
      'offer from:carlos -late has:attachment',
      '发票已开具 offer',
      '"late offer"'
    ]) {
      const page = pageQuery(compileQuery(parseQuery(query))!, 50, { date: new Date().toISOString(), id: 9 })
      const plan = (
        ws.db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(page.params) as Array<{ detail: string }>
      )
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(/^SCAN (messages_fts|message_trigrams) VIRTUAL TABLE/)
      expect(plan).not.toMatch(/TEMP B-TREE/)
    }
  })

  it('pages every text query newest first, as a full sort by date would, ties within a second included', () => {
    const { add, search } = mailbox()
    const all = Array.from({ length: 12 }, (_, i) =>
      add(message({ subject: i % 3 === 0 ? 'Offer 发票已开具' : 'Offer', date: 1000 * ((i * 7) % 5) }))
    )
    // Stored in order, so a later message has a larger id: the tie-break within a millisecond.
    const newestFirst = [...all.entries()]
      .sort(([i, a], [j, b]) => b.date - a.date || j - i)
      .map(([, m]) => m)
    const chinese = (m: ParsedMessage) => m.subject.includes('发票')
    const expected: Record<string, ParsedMessage[]> = {
      offer: newestFirst,
      发票已开具: newestFirst.filter(chinese),
      'offer 发票已开具': newestFirst.filter(chinese),
      'offer -发票已开具': newestFirst.filter((m) => !chinese(m))
    }
    for (const [query, messages] of Object.entries(expected)) {
      const seen: string[] = []
      let after: SearchCursor | undefined
      for (;;) {
        const page = search.search({ query, limit: 3, after })
        seen.push(...page.hits.map((h) => h.messageId))
        if (!page.next) break
        after = page.next
      }
      expect(seen, query).toEqual(messages.map((m) => m.messageId))
    }
  })

  it('gives two messages of one second whose ids share a key slot their own keys, and finds both', () => {
    const { ws, search } = mailbox()
    const index = new MessageIndex(ws.db)
    const date = 1_700_000_000_000
    const twins = [7, 7 + 2 ** 16]
    for (const id of twins)
      ws.db
        .prepare(
          `INSERT INTO messages (id, account_id, message_id, subject, from_name, from_address, date, direction, body_text, created_at)
           VALUES (?, 1, ?, 'Twin', '', '', ?, 'in', 'Twin body', 0)`
        )
        .run(id, `<twin${id}@x>`, date)
    // In one batch, as an import stores them.
    index.addAll(
      twins.map((id) => ({
        id,
        doc: {
          date,
          subject: 'Twin',
          text: 'Twin body',
          from: { name: 'Ána', address: 'ana@x.test' },
          to: [],
          cc: [],
          bcc: [],
          attachmentNames: [''],
          hasAttachments: true
        }
      }))
    )
    // The second key came from the nearest-free-key path: it carries the key row's filters too.
    expect(search.search({ query: 'from:ana twin has:attachment' }).hits).toHaveLength(2)
    const first = search.search({ query: 'twin', limit: 1 })
    const second = search.search({ query: 'twin', limit: 1, after: first.next! })
    expect([...first.hits, ...second.hits].map((h) => h.messageId).sort()).toEqual([
      '<twin65543@x>',
      '<twin7@x>'
    ])
    expect(search.search({ query: 'twin', limit: 1, after: second.next! }).hits).toEqual([])
  })
})

/** FTS5's %_idx table has a row per leaf page range of each segment. */
const segments = (db: Database, index: 'messages_fts' | 'message_trigrams') =>
  db.prepare(`SELECT count(DISTINCT segid) FROM ${index}_idx`).pluck().get() as number

// Oldest first, each a new conversation, as an initial import stores an INBOX.
const oldestFirst = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    message({
      subject: `Quote ${i}`,
      text: `Quote number ${i} for 500 units 报价单`,
      date: Date.parse('2030-01-01T00:00:00Z') + i * 60_000
    })
  )

describe('search index segments', () => {
  it('writes a batch of mail stored oldest first as one segment of each index', () => {
    const ws = memoryWorkspace()
    const batch = oldestFirst(12).map((parsed) => ({ uid: null, flags: [], parsed }))
    importTransaction(ws.db, () => ws.store.storeBatch(ws.context, batch))
    expect(segments(ws.db, 'messages_fts')).toBe(1)
    expect(segments(ws.db, 'message_trigrams')).toBe(1)
    // Each message is still found, under its own key.
    const found = ws.db
      .prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'units'")
      .pluck()
      .get()
    expect(found).toBe(12)
  })

  it('rebuilds a page of the index as one segment too', () => {
    const ws = memoryWorkspace()
    const batch = oldestFirst(12).map((parsed) => ({ uid: null, flags: [], parsed }))
    importTransaction(ws.db, () => ws.store.storeBatch(ws.context, batch))
    ws.db.prepare("DELETE FROM settings WHERE key = 'search_index_version'").run()
    expect(beginSearchIndexUpgrade(ws.db).pending).not.toBeNull()
    ws.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')")
    ws.db.exec("INSERT INTO message_trigrams (message_trigrams) VALUES ('optimize')")
    const before = { words: segments(ws.db, 'messages_fts'), trigrams: segments(ws.db, 'message_trigrams') }
    // One page, all 12 messages: their old entries go and new ones come in one transaction.
    expect(new MessageReindexer(ws.db, 100).step()?.finished).toBe(true)
    expect(segments(ws.db, 'messages_fts') - before.words).toBeLessThanOrEqual(1)
    expect(segments(ws.db, 'message_trigrams') - before.trigrams).toBeLessThanOrEqual(1)
    const found = ws.db
      .prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'units'")
      .pluck()
      .get()
    expect(found).toBe(12)
  })
})
