import { describe, expect, it } from 'vitest'
import { CommentSearch } from '../../src-main/core/search/comment-search'
import { ContactSearch } from '../../src-main/core/search/contact-search'
import { createHighlighter } from '../../src-main/core/search/match-highlighter'
import { parseQuery } from '../../src-main/core/search/query-parser'
import { reindexSearch } from '../../src-main/core/search/search-reindex'
import { compileQuery } from '../../src-main/core/search/query-compiler'
import { MAX_TRIGRAMS, NOWHERE, substringMatch } from '../../src-main/core/search/short-substrings'
import { crmWorkspace, HOUR } from './fixtures/crm-workspace'
import { mailbox } from './fixtures/search-mailbox'
import { message } from './fixtures/workspace'

const file = (filename: string) => ({
  filename,
  contentType: 'application/pdf',
  size: 1,
  contentId: null,
  disposition: null
})

/** Chinese mail where 发票 (invoice) is in each place a two-character word can be. */
function chineseMailbox() {
  const box = mailbox()
  const mail = {
    inBody: box.add(message({ subject: '本月对账', text: '您好，发票已开具，请查收。' })),
    subjectEnd: box.add(message({ subject: '关于三月的发票', text: 'Hello' })),
    lineEnd: box.add(message({ subject: 'x', text: '附件是三月的发票\nThanks, Carlos' })),
    bodyEnd: box.add(message({ subject: 'x', text: '请查收发票' })),
    fileName: box.add(message({ subject: 'x', text: 'see attached', attachments: [file('发票.pdf')] })),
    // 发 and 票 both there, but not side by side: not a match.
    apart: box.add(message({ subject: '发货通知', text: '车票已经订好了' })),
    sender: box.add(
      message({ subject: 'x', text: 'y', from: { name: '王伟', address: 'wang.wei@client.cn' } })
    ),
    korean: box.add(message({ subject: '회의 일정', text: '내일 회의' })),
    // A body of one character: found by it too.
    single: box.add(message({ subject: 'x', text: '王' }))
  }
  return { ...box, mail }
}

describe('a one- or two-character word in Chinese, Japanese or Korean', () => {
  it('is searched, not refused as too short, wherever it is in the mail', () => {
    const { find, ids, mail } = chineseMailbox()
    expect(find('发票')).toMatchObject({ tooShort: false, minLength: 1 })
    expect(ids('发票').sort()).toEqual(
      [mail.inBody, mail.subjectEnd, mail.lineEnd, mail.bodyEnd, mail.fileName].map((m) => m.messageId).sort()
    )
    expect(ids('회의')).toEqual([mail.korean.messageId])
    expect(ids('三月')).toHaveLength(2)
  })

  it('finds nothing when no mail holds it; Latin text still needs three characters', () => {
    const { find, ids } = chineseMailbox()
    expect(ids('合同')).toEqual([])
    expect(find('ab')).toMatchObject({ tooShort: true, minLength: 3 })
  })

  it('is searched from one character, wherever that is in the mail', () => {
    const { find, ids, mail } = chineseMailbox()
    expect(find('票')).toMatchObject({ tooShort: false, minLength: 1 })
    const withTicket = [mail.inBody, mail.subjectEnd, mail.lineEnd, mail.bodyEnd, mail.fileName, mail.apart]
    expect(ids('票').sort()).toEqual(withTicket.map((m) => m.messageId).sort())
    expect(ids('王').sort()).toEqual([mail.sender, mail.single].map((m) => m.messageId).sort())
    expect(ids('from:王')).toEqual([mail.sender.messageId])
    expect(ids('票 -发票')).toEqual([mail.apart.messageId])
    expect(ids('龍')).toEqual([])
  })

  it('works with fields, negation and other terms', () => {
    const { ids, mail } = chineseMailbox()
    expect(ids('subject:发票')).toEqual([mail.subjectEnd.messageId])
    expect(ids('from:王伟')).toEqual([mail.sender.messageId])
    expect(ids('from:发票')).toEqual([])
    expect(ids('发票 查收').sort()).toEqual([mail.inBody, mail.bodyEnd].map((m) => m.messageId).sort())
    expect(ids('发票 -查收').sort()).toEqual(
      [mail.subjectEnd, mail.lineEnd, mail.fileName].map((m) => m.messageId).sort()
    )
    expect(ids('发票 has:attachment')).toEqual([mail.fileName.messageId])
  })

  it('is found the same after the index is rebuilt, and highlighted', () => {
    const { ws, ids, mail } = chineseMailbox()
    reindexSearch(ws.db)
    expect(ids('发票')).toHaveLength(5)
    expect(ids('subject:发票')).toEqual([mail.subjectEnd.messageId])
    const snippet = createHighlighter(parseQuery('发票')).snippet(mail.inBody.text!)
    expect(snippet.ranges.map(([a, b]) => snippet.text.slice(a, b))).toEqual(['发票'])
  })

  it('finds a contact by a two-character Chinese name, and a comment by a two-character word', () => {
    const { ws } = chineseMailbox()
    const contacts = new ContactSearch(ws.db)
    expect(contacts.search({ query: '王伟' })).toMatchObject({ tooShort: false, minLength: 1 })
    expect(contacts.search({ query: '王伟' }).contacts.map((c) => c.displayName)).toEqual(['王伟'])
    // A surname alone lists the people who have it.
    expect(contacts.search({ query: '王' }).contacts.map((c) => c.displayName)).toEqual(['王伟'])

    const crm = crmWorkspace()
    const quote = crm.receive({ subject: 'Quote' })
    crm.crm.comments.add(quote.conversationId, crm.me().id, '客户说发票抬头要改')
    crm.clock.advance(HOUR)
    const comments = new CommentSearch(crm.db)
    expect(comments.search({ query: '发票' }, crm.me())).toMatchObject({ tooShort: false, minLength: 1 })
    expect(comments.search({ query: '抬' }, crm.me()).comments).toHaveLength(1)
    expect(comments.search({ query: '发票' }, crm.me()).comments).toHaveLength(1)
    expect(comments.search({ query: '合同' }, crm.me()).comments).toHaveLength(0)
  })
})

describe('one emoji with a variation selector (❤️, as emoji pickers type it)', () => {
  // ❤️ is ❤ and U+FE0F, which asks for the colour form; mail holds either form, and one emoji
  // is a search now. Whatever holds ❤️ holds ❤, so the selector at the end of a term is dropped.
  it('finds the emoji in either form, and highlights it', () => {
    const { add, ids } = mailbox()
    const plain = add(message({ subject: 'x', text: 'love ❤ you' }))
    const coloured = add(message({ subject: 'x', text: 'love ❤️ you' }))
    const both = [plain, coloured].map((m) => m.messageId).sort()
    expect(ids('❤️').sort()).toEqual(both)
    expect(ids('❤').sort()).toEqual(both)
    expect(ids('"❤️"').sort()).toEqual(both)
    const snippet = createHighlighter(parseQuery('❤️')).snippet('love ❤ you')
    expect(snippet.ranges.map(([a, b]) => snippet.text.slice(a, b))).toEqual(['❤'])
  })
})

describe('the trigram expression of a short substring', () => {
  const lookup = (found: string[] | null) => () => found

  it('is the OR of the trigrams starting with it, in the columns asked for', () => {
    expect(substringMatch('发票', ['subject'], lookup(['发票已', '发票\n']))).toBe(
      '{subject} : ("发票已" OR "发票\n")'
    )
    expect(substringMatch('发票', undefined, lookup([]))).toBe(NOWHERE)
  })

  it('is left to a scan when there are too many trigrams', () => {
    expect(substringMatch('发票', undefined, lookup(null))).toBeNull()
    expect(substringMatch('票', undefined, lookup(null))).toBeNull()
    expect(substringMatch('票', ['body'], lookup(['票已']))).toBe('{body} : ("票已")')
    expect(substringMatch('发票已', ['body'], lookup(null))).toBe('{body} : "发票已"')
  })

  it('is looked up folded as the index folds: widths and case', () => {
    const asked: string[] = []
    substringMatch('Ａ票', undefined, (needle) => (asked.push(needle), []))
    substringMatch('B票', undefined, (needle) => (asked.push(needle), []))
    expect(asked).toEqual(['a票', 'b票'])
  })

  it("scans for the words past the query's budget of trigrams, rather than OR them all", () => {
    const many = Array.from(
      { length: MAX_TRIGRAMS / 2 + 1 },
      (_, i) => `发票${String.fromCodePoint(0x4e00 + i)}`
    )
    const compiled = compileQuery(parseQuery('发票 合同 报价'), () => many)!
    // The first word's trigrams fit; the second and third would pass the budget, and are scanned for.
    expect(compiled.matches).toHaveLength(1)
    expect(compiled.filters.filter((sql) => sql.includes('instr('))).toHaveLength(2)
    expect(compileQuery(parseQuery('发票'), () => [...many, ...many])!.matches).toHaveLength(0)
  })
})

describe('two letters of a name with an accent the trigram index keeps', () => {
  // FTS5's trigram tokenizer takes accents off Latin letters only: й, ё, ά and أ stay as they are in
  // its terms, where fold() makes и, е, α and ا of them. Two letters beside a Chinese character are
  // looked up in its terms folded as it folds; two letters of a name alone are checked row by row.
  it('finds the sender by them, as by three', () => {
    const { add, ids } = mailbox()
    const people = [
      { name: 'Йорген Олсен', address: 'jorgen@example.no' },
      { name: 'Νίκος Παππάς', address: 'nikos@example.gr' },
      { name: 'أحمد علي', address: 'ahmed@example.eg' }
    ]
    const sent = people.map((from) => add(message({ subject: 'invoice', text: 'x', from })))
    expect(ids('from:Йо invoice')).toEqual([sent[0]!.messageId])
    expect(ids('from:Νί invoice')).toEqual([sent[1]!.messageId])
    expect(ids('from:أح invoice')).toEqual([sent[2]!.messageId])
    expect(ids('from:Йо from:jorgen')).toEqual([sent[0]!.messageId])
    expect(ids('invoice -from:Йо').sort()).toEqual([sent[1], sent[2]].map((m) => m!.messageId).sort())
  })

  it('is looked up with the accents the index keeps, and its case folds', () => {
    const asked: string[] = []
    for (const text of ['Ά票', 'й票', 'É票', 'İ票', 'ς票'])
      substringMatch(text, undefined, (needle) => (asked.push(needle), []))
    expect(asked).toEqual(['ά票', 'й票', 'e票', 'i票', 'σ票'])
    expect(substringMatch('Йо', undefined, () => ['йор'])).toBeNull()
  })
})
