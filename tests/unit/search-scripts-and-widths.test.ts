import { describe, expect, it } from 'vitest'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { createHighlighter, type TextRange } from '../../src-main/core/search/match-highlighter'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { parseQuery } from '../../src-main/core/search/query-parser'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { crmWorkspace, HOUR } from './fixtures/crm-workspace'
import { memoryWorkspace, message } from './fixtures/workspace'

function mailbox(...messages: ReturnType<typeof message>[]) {
  const ws = memoryWorkspace()
  ws.store.storeBatch(
    ws.context,
    messages.map((parsed) => ({ uid: null, flags: [], parsed }))
  )
  const search = new MessageSearch(ws.db)
  return { ws, ids: (query: string) => search.search({ query }).hits.map((h) => h.messageId) }
}

const slices = (text: string, ranges: TextRange[]) => ranges.map(([a, b]) => text.slice(a, b))

describe('a Latin word written against Chinese or Japanese', () => {
  const order = message({ subject: '订单确认', text: '您购买的iPhone手机已发货，请查看PDF文件。' })

  it('is a word of its own', () => {
    const { ids } = mailbox(order)
    expect(ids('iphone')).toEqual([order.messageId])
    expect(ids('pdf')).toEqual([order.messageId])
    expect(ids('"iPhone"')).toEqual([order.messageId])
    expect(ids('iphon')).toEqual([order.messageId])
  })

  it('is still found with the characters around it, by substring', () => {
    const { ids } = mailbox(order)
    expect(ids('iPhone手机')).toEqual([order.messageId])
    expect(ids('购买的iPhone')).toEqual([order.messageId])
    expect(ids('手机已发货')).toEqual([order.messageId])
  })

  it('is highlighted as a word', () => {
    const snippet = createHighlighter(parseQuery('iphone pdf')).snippet(order.text!)
    expect(slices(snippet.text, snippet.ranges)).toEqual(['iPhone', 'PDF'])
  })

  it('is a word after a rebuild too, and in comments', () => {
    const { ws, ids } = mailbox(order)
    reindexSearch(ws.db)
    expect(ids('iphone')).toEqual([order.messageId])

    const crm = crmWorkspace()
    const search = new CommentSearch(crm.db)
    const quote = crm.receive({ subject: 'Quote' })
    crm.crm.comments.add(quote.conversationId, crm.me().id, '客户要的是iPad不是iPhone')
    crm.clock.advance(HOUR)
    const comments = (query: string) => search.search({ query }, crm.me()).comments.length
    expect(comments('ipad')).toBe(1)
    expect(comments('iphone')).toBe(1)
    reindexSearch(crm.db)
    expect(comments('ipad')).toBe(1)
  })
})

describe('fullwidth and halfwidth forms', () => {
  const bill = message({
    subject: 'ＡＢＣ株式会社 ご請求書',
    text: 'ﾃｽﾄ送信です。Ｉｎｖｏｉｃｅ １２３４５ ﾃﾞｰﾀ'
  })
  const plain = message({ subject: 'Invoice 12345', text: 'テスト' })

  it('match their usual forms, both ways', () => {
    const { ids } = mailbox(bill, plain)
    const both = [plain.messageId, bill.messageId]
    expect(ids('invoice')).toEqual(both)
    expect(ids('12345')).toEqual(both)
    expect(ids('Ｉｎｖｏｉｃｅ')).toEqual(both)
    expect(ids('１２３４５')).toEqual(both)
    expect(ids('テスト')).toEqual(both)
    expect(ids('ﾃｽﾄ')).toEqual(both)
    expect(ids('データ')).toEqual([bill.messageId])
    expect(ids('ABC株式会社')).toEqual([bill.messageId])
    expect(ids('subject:abc')).toEqual([bill.messageId])
  })

  it('are highlighted where they are written', () => {
    const snippet = createHighlighter(parseQuery('invoice データ 12345')).snippet(bill.text!)
    expect(slices(snippet.text, snippet.ranges)).toEqual(['Ｉｎｖｏｉｃｅ', '１２３４５', 'ﾃﾞｰﾀ'])
  })

  it('match in comments and in people', () => {
    const { ids } = mailbox(
      message({ subject: 'hello', from: { name: 'Ｔａｎａｋａ', address: 'tanaka@x.test' } })
    )
    expect(ids('from:tanaka')).toHaveLength(1)
    expect(ids('tanaka')).toHaveLength(1)

    const crm = crmWorkspace()
    const search = new CommentSearch(crm.db)
    const quote = crm.receive({ subject: 'Quote' })
    crm.crm.comments.add(quote.conversationId, crm.me().id, 'ﾃｽﾄ Ｉｎｖｏｉｃｅ sent')
    crm.clock.advance(HOUR)
    const comments = (query: string) => search.search({ query }, crm.me()).comments.length
    expect(comments('invoice')).toBe(1)
    expect(comments('テスト')).toBe(1)
  })

  it('leave accents folded and Chinese found by substring as before', () => {
    const { ids } = mailbox(message({ subject: 'Café José', text: '发票已开具，请查收' }))
    expect(ids('cafe jose')).toHaveLength(1)
    expect(ids('发票已开具')).toHaveLength(1)
    expect(ids('已开具，请')).toHaveLength(1)
  })
})
