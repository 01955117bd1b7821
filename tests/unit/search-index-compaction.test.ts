import { describe, expect, it } from 'vitest'
import {
  COMPACT_AFTER_MESSAGES,
  compactMessageIndexes,
  IndexCompactor
} from '../../src-main/core/search/index-compaction'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { importTransaction } from '../../src-main/core/store/import-transaction'
import { memoryWorkspace, message, store } from './fixtures/workspace'

type Workspace = ReturnType<typeof memoryWorkspace>

/** FTS5 segments of an index: every segment has at least one row in its %_idx table. */
const segments = (ws: Workspace, index: string) =>
  ws.db.prepare(`SELECT count(DISTINCT segid) FROM ${index}_idx`).pluck().get() as number

/** Each store call commits on its own, as the import's slices do: one new segment per index. */
function importedOneByOne(count: number): Workspace {
  const ws = memoryWorkspace()
  for (let i = 0; i < count; i++)
    store(
      ws,
      message({
        subject: i % 3 === 0 ? `Quotation ${i}` : `Meeting ${i}`,
        text: i % 2 === 0 ? `Harga penawaran 报价单 nomor ${i}` : `Agenda for week ${i}`
      })
    )
  return ws
}

describe('search index compaction', () => {
  it('merges each message index into one segment, yielding between steps, and search finds the same mail', async () => {
    const ws = importedOneByOne(120)
    const search = new MessageSearch(ws.db)
    const queries = ['quotation', '报价单', 'penawaran -quotation', '"week 7"', 'agenda']
    const found = (query: string) => search.search({ query, limit: 200 }).hits.map((h) => h.messageId)
    const before = queries.map(found)
    expect(segments(ws, 'messages_fts')).toBeGreaterThan(1)
    expect(segments(ws, 'message_trigrams')).toBeGreaterThan(1)

    let turns = 0
    const steps = await compactMessageIndexes(ws.db, async () => {
      turns++
    })

    expect(segments(ws, 'messages_fts')).toBe(1)
    expect(segments(ws, 'message_trigrams')).toBe(1)
    // The last step of each index finds nothing left to merge and does not yield.
    expect(turns).toBe(steps - 2)
    expect(turns).toBeGreaterThan(0)
    expect(queries.map(found)).toEqual(before)
    expect(before.every((ids) => ids.length > 0)).toBe(true)
    // Compacted already: a second run is one no-op step per index.
    expect(await compactMessageIndexes(ws.db, async () => undefined)).toBe(2)
  })

  it('joins the caller’s transaction: a failure after storing rolls the batch back with it', () => {
    const ws = memoryWorkspace()
    const count = () => ws.db.prepare('SELECT count(*) FROM messages').pluck().get()
    expect(() =>
      importTransaction(ws.db, () => {
        ws.store.storeBatch(ws.context, [{ uid: null, flags: [], parsed: message({ subject: 'lost' }) }])
        expect(count()).toBe(1)
        throw new Error('recording the folder progress failed')
      })
    ).toThrow('recording the folder progress failed')
    expect(count()).toBe(0)
    expect(ws.db.inTransaction).toBe(false)
    expect(new MessageSearch(ws.db).search({ query: 'lost' }).hits).toEqual([])
  })
})

describe('background compaction after an import', () => {
  const logged: string[] = []
  const log = (message: string) => logged.push(message)

  it('returns at once, merges on later turns, and only after an import large enough to need it', async () => {
    const ws = importedOneByOne(60)
    const compactor = new IndexCompactor(ws.db, log)
    const before = segments(ws, 'messages_fts')
    compactor.afterImport(COMPACT_AFTER_MESSAGES - 1)
    await compactor.settled()
    expect(segments(ws, 'messages_fts')).toBe(before)

    compactor.afterImport(COMPACT_AFTER_MESSAGES)
    // Nothing merged yet: the pass that asked goes on (and hands its session back) first.
    expect(segments(ws, 'messages_fts')).toBe(before)
    await compactor.settled()
    expect(segments(ws, 'messages_fts')).toBe(1)
    expect(segments(ws, 'message_trigrams')).toBe(1)
  })

  it('runs once more when another large import ends while it merges', async () => {
    const ws = importedOneByOne(60)
    let injected = false
    let wordIndexMerged = 0
    const compactor: IndexCompactor = new IndexCompactor(ws.db, log, async () => {
      if (injected || segments(ws, 'messages_fts') !== 1) return
      // The first turn with one word segment is the word index's own last; the second comes
      // while the trigram index is merged, and mail stored then adds a word segment this run
      // will not go back for.
      if (++wordIndexMerged < 2) return
      injected = true
      store(ws, message({ subject: 'Arrived during the merge' }))
      expect(segments(ws, 'messages_fts')).toBe(2)
      compactor.afterImport(COMPACT_AFTER_MESSAGES)
    })
    compactor.afterImport(COMPACT_AFTER_MESSAGES)
    await compactor.settled()
    expect(injected).toBe(true)
    expect(segments(ws, 'messages_fts')).toBe(1)
    expect(segments(ws, 'message_trigrams')).toBe(1)
    expect(new MessageSearch(ws.db).search({ query: 'arrived' }).hits).toHaveLength(1)
  })

  it('waits while an import is under way: a merge would start over at each of its commits', async () => {
    const ws = importedOneByOne(60)
    const before = segments(ws, 'messages_fts')
    const compactor = new IndexCompactor(ws.db, log)
    let finishImport = () => undefined as void
    const importing = compactor.importing(
      () => new Promise<void>((resolve) => (finishImport = () => resolve()))
    )
    compactor.afterImport(COMPACT_AFTER_MESSAGES)
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(segments(ws, 'messages_fts')).toBe(before)
    finishImport()
    await importing
    await compactor.settled()
    expect(segments(ws, 'messages_fts')).toBe(1)
  })

  it('finishes after a restart a compaction that a quit cut short, once', async () => {
    const ws = importedOneByOne(60)
    const before = segments(ws, 'messages_fts')
    const cutShort = new IndexCompactor(ws.db, log)
    cutShort.afterImport(COMPACT_AFTER_MESSAGES)
    cutShort.stop()
    await cutShort.settled()
    expect(segments(ws, 'messages_fts')).toBe(before)

    const restarted = new IndexCompactor(ws.db, log)
    restarted.resumePending()
    await restarted.settled()
    expect(segments(ws, 'messages_fts')).toBe(1)
    // Done: the next start has nothing to resume.
    store(ws, message({ subject: 'After the compaction' }))
    const next = new IndexCompactor(ws.db, log)
    next.resumePending()
    await next.settled()
    expect(segments(ws, 'messages_fts')).toBe(2)
  })

  it('takes no further step once stopped, even while waiting for an import, and a failure is logged, not thrown', async () => {
    const ws = importedOneByOne(60)
    const before = segments(ws, 'messages_fts')
    const logs = logged.length
    const stopping = new IndexCompactor(ws.db, log)
    void stopping.importing(() => new Promise<void>(() => undefined)) // an import that never ends
    stopping.afterImport(COMPACT_AFTER_MESSAGES)
    await new Promise((resolve) => setImmediate(resolve))
    stopping.stop()
    await stopping.settled()
    expect(segments(ws, 'messages_fts')).toBe(before)
    expect(logged).toHaveLength(logs)

    const failing = new IndexCompactor(ws.db, log)
    failing.afterImport(COMPACT_AFTER_MESSAGES)
    ws.db.close() // the workspace closed without stopping it
    await failing.settled()
    expect(logged.at(-1)).toMatch(/Compacting the search index failed .*search still works/)
  })
})
