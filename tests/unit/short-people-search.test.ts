import { describe, expect, it } from 'vitest'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { memoryWorkspace, message } from './fixtures/workspace'

// A 1-2 letter from:, to: or cc: value is below what trigrams match, so each candidate row is
// checked: against its people, never against the JSON they are stored in ("name", "address").
describe('a one or two letter from:, to: or cc:', () => {
  const toBob = message({ subject: 'invoice', to: [{ name: 'Bob', address: 'bob@x.test' }] })
  const toAnna = message({ subject: 'invoice', to: [{ name: 'Anna', address: 'anna@x.test' }] })
  const ccZoe = message({
    subject: 'invoice',
    from: { name: 'José', address: 'jose@y.test' },
    to: [{ name: 'Bob', address: 'bob@x.test' }],
    cc: [{ name: 'Zoë', address: 'z@y.test' }]
  })

  function search() {
    const ws = memoryWorkspace()
    ws.store.storeBatch(
      ws.context,
      [toBob, toAnna, ccZoe].map((parsed) => ({ uid: null, flags: [], parsed }))
    )
    const messages = new MessageSearch(ws.db)
    return (query: string) => messages.search({ query }).hits.map((h) => h.messageId)
  }

  it('looks at the recipients, not at the keys of the JSON they are stored in', () => {
    const ids = search()
    expect(ids('to:ad invoice')).toEqual([])
    expect(ids('to:na invoice')).toEqual([toAnna.messageId])
    expect(ids('cc:na invoice')).toEqual([])
    expect(ids('to:bo invoice')).toEqual([ccZoe.messageId, toBob.messageId])
    expect(ids('invoice -to:na')).toEqual([ccZoe.messageId, toBob.messageId])
  })

  it('folds case and accents as longer values do', () => {
    const ids = search()
    expect(ids('cc:ZO invoice')).toEqual([ccZoe.messageId])
    expect(ids('cc:oë invoice')).toEqual([ccZoe.messageId])
    expect(ids('cc:oe invoice')).toEqual([ccZoe.messageId])
    expect(ids('to:oe invoice')).toEqual([ccZoe.messageId])
    expect(ids('from:sé invoice')).toEqual([ccZoe.messageId])
  })
})
