import { describe, expect, it } from 'vitest'
import { MAX_RECENT_SEARCHES, RecentSearches } from '../../src-main/core/search/recent-searches'
import { memoryWorkspace } from './fixtures/workspace'

describe('recent searches', () => {
  it('keeps the last searches newest first, a repeated one moved to the top once', () => {
    let now = 1_000
    const recent = new RecentSearches(memoryWorkspace().db, () => now++)
    recent.remember('invoice', 'messages')
    recent.remember('carlos', 'contacts')
    recent.remember('  invoice ', 'comments')
    expect(recent.list().map((r) => [r.query, r.kind])).toEqual([
      ['invoice', 'comments'],
      ['carlos', 'contacts']
    ])
  })

  it(`keeps at most ${MAX_RECENT_SEARCHES}, in the database so another session sees them`, () => {
    const { db } = memoryWorkspace()
    const recent = new RecentSearches(db)
    for (let i = 0; i < MAX_RECENT_SEARCHES + 3; i++) recent.remember(`query ${i}`, 'messages')
    const again = new RecentSearches(db).list()
    expect(again).toHaveLength(MAX_RECENT_SEARCHES)
    expect(again[0]!.query).toBe(`query ${MAX_RECENT_SEARCHES + 2}`)
  })

  it('forgets them all on clear, and survives a damaged stored value', () => {
    const { db } = memoryWorkspace()
    const recent = new RecentSearches(db)
    recent.remember('invoice', 'messages')
    recent.clear()
    expect(recent.list()).toEqual([])
    db.prepare("UPDATE settings SET value = '{not json' WHERE key = 'recent_searches'").run()
    expect(recent.list()).toEqual([])
  })
})
