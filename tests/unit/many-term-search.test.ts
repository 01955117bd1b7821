import { describe, expect, it } from 'vitest'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { compileQuery } from '../../src-main/core/search/query-compiler'
import { MAX_TERMS, parseQuery } from '../../src-main/core/search/query-parser'
import { crmWorkspace, HOUR } from './fixtures/crm-workspace'
import { memoryWorkspace, message } from './fixtures/workspace'

const negated = (count: number) => Array.from({ length: count }, (_, i) => `-w${i}`).join(' ')

function mailbox() {
  const ws = memoryWorkspace()
  const quick = message({ subject: 'quick brown fox' })
  const excluded = message({ subject: 'quick w7 fox' })
  ws.store.storeBatch(
    ws.context,
    [quick, excluded].map((parsed) => ({ uid: null, flags: [], parsed }))
  )
  const search = new MessageSearch(ws.db)
  return { ws, quick, ids: (query: string) => search.search({ query }).hits.map((h) => h.messageId) }
}

describe('a query with many terms', () => {
  it('excludes every negated word beside a positive one, up to the limit', () => {
    const { quick, ids } = mailbox()
    expect(ids(`quick ${negated(MAX_TERMS - 1)}`)).toEqual([quick.messageId])
    expect(ids(`quick fox ${negated(MAX_TERMS - 2)}`)).toEqual([quick.messageId])
    expect(ids(`${negated(MAX_TERMS - 1)} brown`)).toEqual([quick.messageId])
  })

  it('is refused past the limit with a message saying why, not an SQLite error', () => {
    const { ids } = mailbox()
    const refused = (query: string) => {
      try {
        ids(query)
      } catch (error) {
        return error
      }
      return null
    }
    expect(refused(`quick ${negated(95)}`)).toMatchObject({
      code: 'INVALID_INPUT',
      message: `A search can have at most ${MAX_TERMS} words and operators; this one has 96.`
    })
    expect(refused(`quick ${negated(MAX_TERMS)}`)).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('makes an FTS5 expression as deep for many negated words as for one', () => {
    // The limit is the parser's; the expression itself must not be what limits a query.
    const { ws } = mailbox()
    const compiled = compileQuery(parseQuery(`quick ${negated(500)}`))!
    const [match] = compiled.matches
    const count = ws.db
      .prepare('SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?')
      .pluck()
      .get(compiled.params[match!.param.slice(1)])
    expect(count).toBe(1)
  })

  it('excludes negated words from comments the same way', () => {
    const ws = crmWorkspace()
    const search = new CommentSearch(ws.db)
    const quote = ws.receive({ subject: 'Quote' })
    ws.crm.comments.add(quote.conversationId, ws.me().id, 'quick reply sent')
    ws.crm.comments.add(quote.conversationId, ws.me().id, 'quick w5 note')
    ws.clock.advance(HOUR)
    const bodies = (query: string) => search.search({ query }, ws.me()).comments.map((c) => c.match.text)
    expect(bodies(`quick ${negated(MAX_TERMS - 1)}`)).toEqual(['quick reply sent'])
  })
})
