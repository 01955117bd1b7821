// A batch of mail makes one segment in each search index, not one per message: FTS5 writes out
// what it holds in memory whenever a rowid comes below the last one, and search keys run newest
// first while an import stores mail oldest first (MessageIndex).
import { describe, expect, it } from 'vitest'
import type { Database } from '../../src-main/core/db/database'
import { MessageReindexer, beginSearchIndexUpgrade } from '../../src-main/core/search/search-reindex'
import { importTransaction } from '../../src-main/core/store/import-transaction'
import { memoryWorkspace, message } from './fixtures/workspace'

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
