import { describe, expect, it } from 'vitest'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { crmWorkspace, HOUR } from './fixtures/crm-workspace'

describe('comment search from:', () => {
  function commentedBy(name: string, email: string) {
    const ws = crmWorkspace()
    const search = new CommentSearch(ws.db)
    const quote = ws.receive({ subject: 'Quote' })
    ws.db.prepare('UPDATE members SET name = ?, email = ? WHERE id = ?').run(name, email, ws.me().id)
    ws.crm.comments.add(quote.conversationId, ws.me().id, 'Discount approved')
    ws.clock.advance(HOUR)
    return (query: string) => search.search({ query }, ws.me()).comments.length
  }

  it('folds case and accents as message from: does', () => {
    const found = commentedBy('José Núñez', 'jn@team.test')
    expect(found('from:josé')).toBe(1)
    expect(found('from:jose')).toBe(1)
    expect(found('from:nunez')).toBe(1)
    expect(found('from:NÚÑEZ')).toBe(1)
    expect(found('from:"jose nunez"')).toBe(1)
    expect(found('from:jn@team')).toBe(1)
    expect(found('from:maria')).toBe(0)
    expect(found('discount -from:nunez')).toBe(0)
  })

  it('folds capitals outside ASCII', () => {
    const found = commentedBy('ÉLODIE ÇELIK', 'ec@team.test')
    expect(found('from:élodie')).toBe(1)
    expect(found('from:celik')).toBe(1)
  })
})
