import { describe, expect, it } from 'vitest'
import type { SearchCursor } from '../../src-preload/contract'
import { createHighlighter } from '../../src-main/core/search/match-highlighter'
import { MessageSearch } from '../../src-main/core/search/message-search'
import { startOfLocalDay } from '../../src-main/core/search/query-compiler'
import { parseQuery } from '../../src-main/core/search/query-parser'
import type { Member } from '../../src-main/core/people/people-repository'
import { addr, crmWorkspace } from './fixtures/crm-workspace'
import { ME, message } from './fixtures/workspace'
import { mailbox } from './fixtures/search-mailbox'

const slices = (text: string, ranges: Array<[number, number]>) => ranges.map(([a, b]) => text.slice(a, b))

describe('message search: text', () => {
  it('finds a word in the subject, body, sender, recipients and attachment names', () => {
    const { add, ids } = mailbox()
    const inSubject = add(message({ subject: 'Quotation for Bandung' }))
    const inBody = add(message({ subject: 'x', text: 'Here is the quotation.' }))
    const inSender = add(message({ subject: 'x', from: addr('q@x.test', 'Quotation Desk') }))
    const inCc = add(message({ subject: 'x', cc: [addr('quotation@acme.test')] }))
    const inFile = add(
      message({
        subject: 'x',
        attachments: [
          {
            filename: 'Quotation_2024.pdf',
            contentType: 'application/pdf',
            size: 1,
            contentId: null,
            disposition: null
          }
        ]
      })
    )
    add(message({ subject: 'Unrelated', text: 'Nothing here.' }))
    expect(ids('quotation').sort()).toEqual(
      [inSubject, inBody, inSender, inCc, inFile].map((m) => m.messageId).sort()
    )
  })

  it('matches case- and accent-insensitively', () => {
    const { add, ids } = mailbox()
    const cafe = add(message({ subject: 'Réunion au CAFÉ' }))
    expect(ids('cafe')).toEqual([cafe.messageId])
    expect(ids('reunion')).toEqual([cafe.messageId])
  })

  it('matches the start of words, not their middle', () => {
    const { add, ids } = mailbox()
    const m = add(message({ subject: 'Quotation attached' }))
    expect(ids('quot')).toEqual([m.messageId])
    expect(ids('uotation')).toEqual([])
  })

  it('matches short words whole, so "pt" is not every word starting with pt', () => {
    const { add, ids } = mailbox()
    const pt = add(message({ subject: 'PT Maju invoice' }))
    add(message({ subject: 'Ptolemy invoice' }))
    expect(ids('pt invoice')).toEqual([pt.messageId])
  })

  it('requires every word, in any order, and a phrase in order', () => {
    const { add, ids } = mailbox()
    const a = add(message({ subject: 'x', text: 'the quick brown fox' }))
    const b = add(message({ subject: 'x', text: 'brown and quick' }))
    add(message({ subject: 'x', text: 'quick only' }))
    expect(ids('quick brown').sort()).toEqual([a.messageId, b.messageId].sort())
    expect(ids('"quick brown"')).toEqual([a.messageId])
  })

  it('finds messages containing any of the numbers typed', () => {
    const { add, ids } = mailbox()
    const a = add(message({ subject: 'Invoice 016' }))
    const b = add(message({ subject: 'x', text: 'Ref 014, thanks' }))
    add(message({ subject: 'Invoice 015' }))
    expect(ids('016 014').sort()).toEqual([a.messageId, b.messageId].sort())
    expect(ids('invoice 016 014')).toEqual([a.messageId])
  })

  it('finds an address, a part of one, and every address of a domain', () => {
    const { add, ids } = mailbox()
    const fromGmail = add(message({ from: addr('agus.wijaya@gmail.com') }))
    const toGmail = add(message({ from: addr(ME), to: [addr('fan.yang@gmail.com')] }))
    const ccGmail = add(message({ from: addr('x@y.test'), cc: [addr('emily@gmail.com')] }))
    const yahoo = add(message({ from: addr('dewi@yahoo.co.id'), text: 'my old gmail account' }))
    expect(ids('@gmail').sort()).toEqual([fromGmail, toGmail, ccGmail].map((m) => m.messageId).sort())
    expect(ids('@gmail.com')).toHaveLength(3)
    expect(ids('wijaya@gm')).toEqual([fromGmail.messageId])
    expect(ids('dewi@yahoo.co.id')).toEqual([yahoo.messageId])
  })

  it('finds Chinese by substring, anywhere in a sentence', () => {
    const { add, ids } = mailbox()
    const invoice = add(message({ subject: '发票', text: '您好，您的发票已开具，请查收。' }))
    const quote = add(message({ subject: '本月报价单，请查收', text: 'x' }))
    add(message({ subject: 'x', text: '合同草案第二版' }))
    expect(ids('发票已开具')).toEqual([invoice.messageId])
    expect(ids('票已开')).toEqual([invoice.messageId])
    expect(ids('请查收').sort()).toEqual([invoice.messageId, quote.messageId].sort())
    expect(ids('"报价单，请查收"')).toEqual([quote.messageId])
  })

  it('finds text that mixes scripts on one line', () => {
    const { add, ids } = mailbox()
    const m = add(message({ subject: 'x', text: 'Shipping\n样品已经通过顺丰SF快递寄出' }))
    expect(ids('顺丰SF快递')).toEqual([m.messageId])
    expect(ids('顺丰sf')).toEqual([m.messageId])
  })

  it('finds a short Chinese word when other words narrow the search', () => {
    const { add, ids } = mailbox()
    const m = add(message({ subject: 'Budi', text: '报价' }))
    add(message({ subject: 'Budi', text: 'none' }))
    add(message({ subject: 'Other', text: '报价' }))
    expect(ids('报价 budi')).toEqual([m.messageId])
  })

  it('finds a Chinese attachment name and a Chinese sender name', () => {
    const { add, ids } = mailbox()
    const file = add(
      message({
        subject: 'x',
        attachments: [
          { filename: '产品图片.png', contentType: 'image/png', size: 1, contentId: null, disposition: null }
        ]
      })
    )
    const sender = add(message({ subject: 'x', from: addr('xm@example.cn', '黄晓明') }))
    expect(ids('产品图片')).toEqual([file.messageId])
    expect(ids('黄晓明')).toEqual([sender.messageId])
  })

  it('finds emoji, which the word index drops', () => {
    const { add, ids } = mailbox()
    const party = add(message({ subject: 'x', text: 'Launch day 🎉🎉🎉 thanks all' }))
    add(message({ subject: 'x', text: 'Launch day 🎉 thanks all' }))
    expect(ids('🎉🎉🎉')).toEqual([party.messageId])
  })

  it('finds an Indonesian phrase', () => {
    const { add, ids } = mailbox()
    const m = add(
      message({ subject: 'Kabar terbaru: harga naik 5%', text: 'Halo, harga naik mulai bulan depan.' })
    )
    add(message({ subject: 'x', text: 'naik harga' }))
    expect(ids('"harga naik"')).toEqual([m.messageId])
  })

  it('excludes negated words and phrases', () => {
    const { add, ids } = mailbox()
    const keep = add(message({ subject: 'Invoice March' }))
    add(message({ subject: 'Invoice April' }))
    add(message({ subject: 'Invoice May', text: 'out of office' }))
    expect(ids('invoice -april -"out of office"')).toEqual([keep.messageId])
    expect(ids('-april -may -"out of office"')).toEqual([keep.messageId])
    expect(ids('invoice -发票已开具')).toHaveLength(3)
  })

  it('never lets the query inject FTS5 syntax', () => {
    const { add, find } = mailbox()
    add(message({ subject: 'a OR b' }))
    for (const query of ['a" OR "b', 'NEAR(a b)', '***', '{subject}:x', 'x AND', '"', '"""', '^abc'])
      expect(() => find(query)).not.toThrow()
  })
})

describe('message search: operators', () => {
  it('from: looks at the sender, to: at every recipient, cc: at Cc only', () => {
    const { add, ids } = mailbox()
    const from = add(message({ from: addr('carlos@client.test', 'Carlos Mendes'), to: [addr(ME)] }))
    const to = add(message({ from: addr(ME), to: [addr('carlos@client.test')] }))
    const cc = add(message({ from: addr('x@y.test'), cc: [addr('carlos@client.test')] }))
    expect(ids('from:carlos')).toEqual([from.messageId])
    expect(ids('from:"Carlos Mendes"')).toEqual([from.messageId])
    expect(ids('to:carlos').sort()).toEqual([to.messageId, cc.messageId].sort())
    expect(ids('cc:carlos')).toEqual([cc.messageId])
    expect(ids('cc:@client.test')).toEqual([cc.messageId])
    // Short values are matched too, by scanning.
    expect(ids('from:ca to:me')).toEqual([from.messageId])
  })

  it('subject: looks only in the subject', () => {
    const { add, ids } = mailbox()
    const subject = add(message({ subject: 'Budget review', text: 'x' }))
    add(message({ subject: 'x', text: 'budget review' }))
    const chinese = add(message({ subject: '春节放假通知', text: 'x' }))
    add(message({ subject: 'x', text: '春节放假通知' }))
    expect(ids('subject:budget')).toEqual([subject.messageId])
    expect(ids('subject:"budget review"')).toEqual([subject.messageId])
    expect(ids('subject:放假通')).toEqual([chinese.messageId])
  })

  it('has:attachment, is:unread, is:read and is:flagged filter on state', () => {
    const { add, ids } = mailbox()
    const file = add(
      message({
        attachments: [
          { filename: 'a.pdf', contentType: 'application/pdf', size: 1, contentId: null, disposition: null }
        ]
      })
    )
    const unread = add(message(), { flags: [] })
    const flagged = add(message(), { flags: ['\\Seen', '\\Flagged'] })
    expect(ids('has:attachment')).toEqual([file.messageId])
    expect(ids('is:unread')).toEqual([unread.messageId])
    expect(ids('is:flagged')).toEqual([flagged.messageId])
    expect(ids('is:read').sort()).toEqual([file.messageId, flagged.messageId].sort())
    expect(ids('quote -has:attachment -is:unread')).toEqual([flagged.messageId])
  })

  it('in: matches a folder by path, name or special use, in any case', () => {
    const { add, ids } = mailbox()
    const inbox = add(message())
    const sent = add(message({ from: addr(ME), to: [addr('dewi@client.test')] }), { folder: 'Sent' })
    const archived = add(message(), { folder: 'Archive' })
    expect(ids('in:inbox')).toEqual([inbox.messageId])
    expect(ids('in:SENT')).toEqual([sent.messageId])
    expect(ids('quote -in:inbox').sort()).toEqual([sent.messageId, archived.messageId].sort())
  })

  it('before: excludes its day and after: includes it, in local time', () => {
    const { add, ids } = mailbox()
    const day = (d: string, hour: number) => startOfLocalDay(d) + hour * 3600_000
    const may30 = add(message({ date: day('2024-05-30', 23) }))
    const may31 = add(message({ date: day('2024-05-31', 0) }))
    const june1 = add(message({ date: day('2024-06-01', 9) }))
    expect(ids('before:2024-05-31')).toEqual([may30.messageId])
    expect(ids('after:2024-05-31')).toEqual([june1.messageId, may31.messageId])
    expect(ids('after:2024-05-31 before:2024-06-01')).toEqual([may31.messageId])
  })

  it('contact: finds the messages logged to a contact, by name prefix or by id', () => {
    const { ws, add, ids } = mailbox()
    const carlos = add(message({ from: addr('carlos@client.test', 'Carlos Mendes') }))
    const sentToCarlos = add(message({ from: addr(ME), to: [addr('carlos@client.test')] }), {
      folder: 'Sent'
    })
    add(message({ from: addr('oscar@client.test', 'Oscar Wilde') }))
    expect(ids('contact:car').sort()).toEqual([carlos.messageId, sentToCarlos.messageId].sort())
    expect(ids('contact:mendes')).toHaveLength(2)
    const { contact_id } = ws.db
      .prepare('SELECT contact_id FROM messages WHERE message_id = ?')
      .get(carlos.messageId) as { contact_id: string }
    expect(ids(`contact:${contact_id}`)).toHaveLength(2)
    expect(ids('quote -contact:car')).toHaveLength(1)
  })

  it('rejects a value that cannot mean anything with INVALID_INPUT on the query field', () => {
    const { find } = mailbox()
    expect(() => find('before:2024-13-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'query' })
    )
  })
})

describe('message search: address terms beside words', () => {
  it('finds with words what the address alone and the words alone both find, folding case and accents', () => {
    const { add, ids } = mailbox()
    add(message({ subject: 'Laporan', from: addr('jose@Gmail.com', 'José Ruiz') }))
    add(
      message({ subject: 'Laporan', from: addr('ana@yahoo.test', 'Ana'), to: [addr('rui@gmail.com', 'Rui')] })
    )
    add(
      message({
        subject: 'Laporan',
        from: addr('x@y.test'),
        cc: [addr('zoe@gmail.com', 'Zoë Kim')],
        bcc: [addr('bo@b.test')]
      })
    )
    add(message({ subject: 'Lain', from: addr('jose@gmail.com', 'José Ruiz') }))
    add(message({ subject: 'Laporan', from: addr('nameless@x.test'), to: [addr('q@x.test', 'name')] }))
    const terms = [
      'from:JOSE',
      'from:josé',
      'from:@gmail.com',
      'to:gmail',
      'to:bo@b',
      'cc:zoe kim',
      'cc:"Zoë Kim"',
      '@gmail',
      'ruiz@',
      'to:name'
    ]
    for (const term of terms) {
      const both = ids(term).filter((id) => ids('laporan').includes(id))
      expect(ids(`${term} laporan`), term).toEqual(both)
    }
    expect(ids('from:jose laporan')).toHaveLength(1)
    expect(ids('@gmail laporan')).toHaveLength(3)
  })
})

describe('message search: results', () => {
  it('answers a too-short query with an empty result and a flag, not an error', () => {
    const { add, find } = mailbox()
    add(message({ subject: 'ab' }))
    expect(find('ab')).toEqual({ hits: [], tooShort: true, minLength: 3, next: null })
  })

  it('lists the newest first and pages by keyset until the last page', () => {
    const { add, search } = mailbox()
    const all = [1, 5, 3, 2, 4].map((n) => add(message({ subject: `Offer ${n}`, date: n * 1000 })))
    const byDate = [...all].sort((a, b) => b.date - a.date).map((m) => m.messageId)
    const pages: string[][] = []
    let after: SearchCursor | undefined
    for (;;) {
      const page = search.search({ query: 'offer', limit: 2, after })
      pages.push(page.hits.map((h) => h.messageId))
      if (!page.next) break
      after = page.next
    }
    expect(pages.flat()).toEqual(byDate)
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
  })

  it('returns hits shaped like message summaries, with their folder', () => {
    const { add, find } = mailbox()
    add(message({ subject: 'Quarterly numbers' }), { folder: 'Archive', flags: [] })
    const [hit] = find('quarterly').hits
    expect(hit).toMatchObject({
      subject: 'Quarterly numbers',
      folder: 'Archive',
      unread: true,
      hasAttachments: false
    })
  })

  it('marks the matched words in the subject and in a snippet of the body, as plain-text ranges', () => {
    const { add, find } = mailbox()
    add(
      message({
        subject: 'Re: Quotation for the CAFÉ',
        text: `${'Intro line. '.repeat(30)}\nPlease see the quotation attached for the café <b>order</b>.`
      })
    )
    const [hit] = find('quot cafe').hits
    expect(slices(hit!.subject, hit!.subjectRanges)).toEqual(['Quotation', 'CAFÉ'])
    expect(hit!.match.text.startsWith('…')).toBe(true)
    expect(slices(hit!.match.text, hit!.match.ranges)).toEqual(['quotation', 'café'])
    expect(hit!.match.text).toContain('<b>order</b>')
  })

  it('highlights Chinese substrings, exact phrases and numbers', () => {
    const { add, find } = mailbox()
    add(message({ subject: '发票已开具', text: '您好，您的发票已开具，请查收。Ref 016 and 0160.' }))
    const [chinese] = find('票已开').hits
    expect(slices(chinese!.match.text, chinese!.match.ranges)).toEqual(['票已开'])
    expect(slices(chinese!.subject, chinese!.subjectRanges)).toEqual(['票已开'])
    const [numbers] = find('016 999').hits
    expect(slices(numbers!.match.text, numbers!.match.ranges)).toEqual(['016', '0160'])
    const [phrase] = find('"and 0160"').hits
    expect(slices(phrase!.match.text, phrase!.match.ranges)).toEqual(['and 0160'])
  })
})

describe('snippets of long bodies', () => {
  const filler = (length: number) => 'lorem ipsum '.repeat(Math.ceil(length / 12)).slice(0, length)
  const snippet = (query: string, body: string) => createHighlighter(parseQuery(query)).snippet(body)

  // The head of a body is tried before the whole of it; wherever the match sits relative to
  // that cut, the snippet shows it, marked, with the text around it.
  for (const at of [10, 1_250, 1_380, 1_450, 1_495, 1_520, 4_000, 9_900]) {
    it(`shows and marks a match that starts after character ${at}`, () => {
      const body = `${filler(at)} quotation ${filler(12_000)}`
      const { text, ranges } = snippet('quotation', body)
      expect(slices(text, ranges)).toEqual(['quotation'])
      expect(text.startsWith(at > 60 ? '…' : 'lorem')).toBe(true)
      expect(text.endsWith('…')).toBe(true)
    })
  }

  it('marks every match inside the window, including a prefix match that reaches past the head', () => {
    const body = `${filler(1_350)} quot quotation quotations ${filler(5_000)}`
    const { text, ranges } = snippet('quot', body)
    expect(slices(text, ranges)).toEqual(['quot', 'quotation', 'quotations'])
  })

  it('shows the start of the body when the match is beyond the scanned part', () => {
    const { text, ranges } = snippet('quotation', `${filler(11_000)} quotation`)
    expect(text.startsWith('lorem ipsum')).toBe(true)
    expect(ranges).toEqual([])
  })
})

describe('what a restricted agent finds', () => {
  const subjects = (search: MessageSearch, query: string, viewer: Member) =>
    search.search({ query }, viewer).hits.map((h) => h.subject)

  it('finds only the mail of conversations the agent may see: their own, or also their teams’', () => {
    const ws = crmWorkspace()
    const search = new MessageSearch(ws.db)
    const sales = ws.crm.people.addTeam('Sales')
    const own = ws.crm.people.add({
      name: 'Ola',
      email: 'ola@rapport.test',
      role: 'agent',
      visibility: 'own'
    })
    const team = ws.crm.people.add({
      name: 'Tia',
      email: 'tia@rapport.test',
      role: 'agent',
      visibility: 'team',
      teamIds: [sales.id]
    })
    const mine = ws.receive({ subject: 'Pricing for Ola' })
    const teams = ws.receive({ subject: 'Pricing for Sales', from: addr('eko@shop.test', 'Eko') })
    ws.receive({ subject: 'Pricing for nobody', from: addr('dewi@toko.test', 'Dewi') })
    ws.crm.conversations.assign(mine.conversationId, { memberId: own.id })
    ws.crm.conversations.assign(teams.conversationId, { memberId: null, teamId: sales.id })

    expect(subjects(search, 'pricing', own)).toEqual(['Pricing for Ola'])
    expect(subjects(search, 'pricing', team).sort()).toEqual(['Pricing for Sales'])
    expect(subjects(search, 'pricing', ws.me())).toHaveLength(3)
    // Filters only (no text) take the other query path; the rule holds there too.
    expect(subjects(search, 'is:unread', own)).toEqual(['Pricing for Ola'])
  })
})
