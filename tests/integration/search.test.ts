// Search over a mailbox synced from a real Dovecot. For every query form, the expected hits are
// computed from the corpus metadata by a deliberately naive matcher written here, independent
// of the search code, and compared with what search.messages returns.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { outPath } from '../support/build-output'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus, type CorpusMessage } from '../support/corpus'
import { CONTACTS } from '../support/corpus-data'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { htmlMail, legacyHtml } from '../support/legacy-charset-mail'
import type { Database } from '../../src-main/core/db/database'
import { COMPACT_AFTER_MESSAGES } from '../../src-main/core/search/index-compaction'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

const run = promisify(execFile)
const ME = 'alice@example.test'

let server: DovecotServer
let fixture: CoreFixture
let inbox: CorpusMessage[]
let sent: CorpusMessage[]
const unread = new Set<string>()
const flagged = new Set<string>()

beforeAll(async () => {
  server = await startDovecot()
  const alice = server.users[0]!
  inbox = await generateCorpus({ seed: 505, count: 320, selfAddress: ME })
  sent = await generateCorpus({ seed: 506, count: 60, selfAddress: ME, folder: 'sent' })
  const flagsOf = (m: CorpusMessage, i: number) => {
    if (i % 5 === 0) unread.add(m.messageId)
    if (i % 7 === 0) flagged.add(m.messageId)
    return [...(i % 5 === 0 ? [] : ['\\Seen']), ...(i % 7 === 0 ? ['\\Flagged'] : [])]
  }
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'INBOX',
    inbox.map((m, i) => ({ raw: m.raw, flags: flagsOf(m, i) }))
  )
  await appendMessages(
    server,
    alice.user,
    alice.password,
    'Sent',
    sent.map((m) => ({ raw: m.raw, flags: ['\\Seen'] }))
  )
  fixture = new CoreFixture()
  const account = await fixture.call('accounts.add', { ...accountInput(server, 25, alice), skipVerify: true })
  await fixture.call('sync.run', { accountId: account.id, limit: 'all' })
})

afterAll(async () => {
  fixture?.close()
  await server?.stop()
})

// --- The independent expectation: plain string work over the corpus metadata. -------------------

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const words = (s: string) => fold(s).match(/[\p{L}\p{N}]+/gu) ?? []
const nameOf = new Map(CONTACTS.map((c) => [c.address, c.name]))
const person = (address: string) => `${nameOf.get(address) ?? (address === ME ? 'Alice' : '')} ${address}`
const all = () => [...inbox, ...sent]
const fields = (m: CorpusMessage) => [
  m.subject,
  m.text,
  `${m.fromName} ${m.from}`,
  ...m.to.map(person),
  ...m.cc.map(person),
  ...m.attachmentNames
]
const anyField = (m: CorpusMessage, test: (field: string) => boolean) => fields(m).some(test)
const startsWord = (prefix: string) => (field: string) => words(field).some((w) => w.startsWith(fold(prefix)))
const hasPhrase = (phrase: string) => (field: string) =>
  ` ${words(field).join(' ')} `.includes(` ${words(phrase).join(' ')} `)
const contains = (part: string) => (field: string) => fold(field).includes(fold(part))
const addresses = (m: CorpusMessage) => [m.from, ...m.to, ...m.cc]
const localDay = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime()

const expected = (test: (m: CorpusMessage) => boolean) =>
  all()
    .filter(test)
    .map((m) => m.messageId)
    .sort()

async function found(query: string): Promise<string[]> {
  const result = await fixture.call('search.messages', { query, limit: 500 })
  expect(result.tooShort).toBe(false)
  expect(result.next).toBeNull()
  return result.hits.map((h) => h.messageId).sort()
}

// Each form: the query, and which corpus messages must come back, no more and no fewer.
const FORMS: Array<[string, string, (m: CorpusMessage) => boolean]> = [
  ['a word, by prefix', 'pembayar', (m) => anyField(m, startsWord('pembayar'))],
  ['an Indonesian phrase', '"melakukan pembayaran"', (m) => anyField(m, hasPhrase('melakukan pembayaran'))],
  ['an English phrase', '"move the deadline"', (m) => anyField(m, hasPhrase('move the deadline'))],
  ['a Chinese phrase', '请查收', (m) => anyField(m, contains('请查收'))],
  ['a Chinese phrase inside a sentence', '顺丰寄出', (m) => anyField(m, contains('顺丰寄出'))],
  ['an attachment file name', 'foto_kantor', (m) => m.attachmentNames.includes('foto_kantor.png')],
  ['a Chinese attachment file name', '产品图片', (m) => anyField(m, contains('产品图片'))],
  ['a domain', '@gmail', (m) => addresses(m).some((a) => a.includes('@gmail'))],
  ['a part of an address', 'santoso@exa', (m) => addresses(m).some((a) => a.includes('santoso@exa'))],
  [
    'numbers, any of them',
    '88213 4711',
    (m) => anyField(m, startsWord('88213')) || anyField(m, startsWord('4711'))
  ],
  ['from:', 'from:budi', (m) => contains('budi')(`${m.fromName} ${m.from}`)],
  ['to:, any recipient', 'to:fan.yang', (m) => [...m.to, ...m.cc].some((a) => a.includes('fan.yang'))],
  ['cc:', 'cc:@gmail', (m) => m.cc.some((a) => a.includes('@gmail'))],
  ['subject:', 'subject:kontrak', (m) => startsWord('kontrak')(m.subject)],
  ['has:attachment', 'has:attachment', (m) => m.hasAttachment],
  ['in:', 'in:sent', (m) => sent.includes(m)],
  ['is:unread', 'is:unread', (m) => unread.has(m.messageId)],
  ['is:flagged', 'is:flagged', (m) => flagged.has(m.messageId)],
  [
    'after: and before:',
    'after:2024-06-01 before:2024-09-01',
    (m) => m.date.getTime() >= localDay(2024, 6, 1) && m.date.getTime() < localDay(2024, 9, 1)
  ],
  [
    'negation',
    'invoice -overdue',
    (m) => anyField(m, startsWord('invoice')) && !anyField(m, startsWord('overdue'))
  ],
  [
    'contact:',
    'contact:budi',
    (m) => (inbox.includes(m) ? m.from : m.to[0]) === 'budi.santoso@example.co.id'
  ],
  [
    'operators and words together',
    'from:@gmail has:attachment -is:unread laporan',
    (m) =>
      m.from.includes('@gmail') &&
      m.hasAttachment &&
      !unread.has(m.messageId) &&
      anyField(m, startsWord('laporan'))
  ]
]

describe('search over a synced mailbox', () => {
  it.each(FORMS)('finds exactly the expected messages for %s (%s)', async (_form, query, test) => {
    const want = expected(test)
    // A form that matches nothing, or everything, would prove nothing.
    expect(want.length).toBeGreaterThan(0)
    expect(want.length).toBeLessThan(all().length)
    expect(await found(query)).toEqual(want)
  })

  it('searches every folder, newest first, with snippets whose ranges point at the match', async () => {
    const { hits } = await fixture.call('search.messages', { query: '请查收', limit: 500 })
    expect(new Set(hits.map((h) => h.folder))).toEqual(new Set(['INBOX', 'Sent']))
    const times = hits.map((h) => Date.parse(h.date))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
    const withBody = hits.filter((h) => h.match.ranges.length > 0)
    expect(withBody.length).toBeGreaterThan(0)
    for (const hit of withBody)
      for (const [start, end] of hit.match.ranges) expect(hit.match.text.slice(start, end)).toBe('请查收')
  })

  it('says a too-short query is too short instead of failing', async () => {
    expect(await fixture.call('search.messages', { query: 'ab' })).toMatchObject({
      hits: [],
      tooShort: true,
      minLength: 3
    })
    // Chinese from one character: 票 is a word, 王 a surname.
    expect(await fixture.call('search.messages', { query: '票' })).toMatchObject({
      tooShort: false,
      minLength: 1
    })
  })

  it('finds the contacts made by the sync by the start of their names and addresses', async () => {
    const { contacts } = await fixture.call('search.contacts', { query: 'wij' })
    expect(contacts.map((c) => c.emails[0])).toEqual(['agus.wijaya@gmail.com'])
    const dewi = await fixture.call('search.contacts', { query: 'lestari' })
    expect(dewi.contacts.map((c) => c.displayName)).toEqual(['Dewi Lestari'])
  })

  it('search.reindex rebuilds the indexes to the same answers', async () => {
    const before = await found('@gmail 请查收')
    const counts = await fixture.call('search.reindex', {})
    expect(counts.messages).toBe(all().length)
    expect(await found('@gmail 请查收')).toEqual(before)
  })

  it('answers `rapport search` on the command line, as JSON', async () => {
    if (!existsSync(outPath('main/cli.js')))
      throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
    const { stdout } = await run(process.execPath, [
      resolve('bin/rapport.js'),
      '--data-dir',
      fixture.dataDir,
      'search',
      'from:budi has:attachment',
      '--json',
      '--limit',
      '500'
    ])
    const result = JSON.parse(stdout) as { hits: Array<{ messageId: string }> }
    expect(result.hits.map((h) => h.messageId).sort()).toEqual(
      expected((m) => contains('budi')(`${m.fromName} ${m.from}`) && m.hasAttachment)
    )
    const contacts = await run(process.execPath, [
      resolve('bin/rapport.js'),
      '--data-dir',
      fixture.dataDir,
      'search',
      'budi',
      '--kind',
      'contacts'
    ])
    expect(contacts.stdout).toMatch(/Budi Santoso/)
  })
})

describe('search index compaction after a large sync', () => {
  const segments = (db: Database, index: string) =>
    db.prepare(`SELECT count(DISTINCT segid) FROM ${index}_idx`).pluck().get() as number
  const mail = (i: number) =>
    [
      `Message-ID: <bulk-${i}@example.test>`,
      `From: Sender ${i % 37} <sender${i % 37}@client.test>`,
      `To: ${ME}`,
      `Subject: ${i % 10 === 0 ? 'Quarterly figures' : 'Weekly note'} ${i}`,
      `Date: ${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toUTCString()}`,
      '',
      i % 10 === 0 ? `The quarterly figures, part ${i}.` : `Nothing much, note ${i}.`,
      ''
    ].join('\r\n')

  it('merges each message index into one segment after a pass stored 1,000 messages, in the background, not after a small one', async () => {
    const bob = server.users[1]!
    const count = COMPACT_AFTER_MESSAGES
    await appendMessages(
      server,
      bob.user,
      bob.password,
      'INBOX',
      Array.from({ length: count }, (_, i) => mail(i))
    )
    const own = new CoreFixture()
    try {
      const account = await own.call('accounts.add', { ...accountInput(server, 25, bob), skipVerify: true })
      const db = own.core.workspace.db
      await own.call('sync.run', { accountId: account.id, limit: 'all' })
      await own.core.workspace.compactor.settled()
      // The import's 40 transactions leave 15 segments per index after automerge; the compactor
      // the pass handed them to merges them into one.
      expect(segments(db, 'messages_fts')).toBe(1)
      expect(segments(db, 'message_trigrams')).toBe(1)
      const found = await own.call('search.messages', { query: 'quarterly', limit: 500 })
      expect(found.hits).toHaveLength(count / 10)

      await appendMessages(server, bob.user, bob.password, 'INBOX', [mail(count), mail(count + 10)])
      await own.call('sync.run', { accountId: account.id })
      await own.core.workspace.compactor.settled()
      // Two new messages: automerge's business, no compaction, so new segments stay beside it.
      expect(segments(db, 'messages_fts')).toBeGreaterThan(1)
      const more = await own.call('search.messages', { query: 'quarterly', limit: 500 })
      expect(more.hits).toHaveLength(count / 10 + 2) // mail 1000 and 1010 are quarterly too
    } finally {
      own.close()
    }
  })
})

describe('search of mail as it arrives', () => {
  it('finds new mail by the time its change is announced', async () => {
    const alice = server.users[0]!
    const subject = 'Zamrud shipment confirmed'
    await appendMessages(server, alice.user, alice.password, 'INBOX', [
      [
        '<zamrud-1@client.test>',
        `From: Budi <budi@client.test>`,
        `To: ${ME}`,
        `Subject: ${subject}`,
        `Date: ${new Date().toUTCString()}`,
        '',
        'The zamrud order left the warehouse.',
        ''
      ]
        .join('\r\n')
        .replace(/^/, 'Message-ID: ')
    ])
    const db = fixture.core.workspace.db
    const stored = db.prepare('SELECT count(*) FROM messages WHERE subject = ?').pluck()
    // Checked at every core event, as a renderer refreshing its search on `changed` would.
    const searchableWhenStored: boolean[] = []
    const off = fixture.core.events.subscribe(() => {
      if (stored.get(subject) === 0) return
      const { hits } = fixture.core.workspace.messageSearch.search({ query: 'zamrud' })
      searchableWhenStored.push(hits.length === 1)
    })
    try {
      const [account] = await fixture.call('accounts.list', {})
      await fixture.call('sync.run', { accountId: account!.id })
    } finally {
      off()
    }
    expect(searchableWhenStored.length).toBeGreaterThan(0)
    expect(searchableWhenStored.every(Boolean)).toBe(true)
  })
})

describe('search of mail a stopped import stored', () => {
  it('finds the mail an import stored before the mailbox was disconnected mid-batch', async () => {
    // bob's INBOX holds the 1,012 messages of the compaction test: batches of 200.
    const bob = server.users[1]!
    const own = new CoreFixture()
    try {
      const account = await own.call('accounts.add', { ...accountInput(server, 25, bob), skipVerify: true })
      const db = own.core.workspace.db
      const stored = db.prepare('SELECT count(*) FROM messages').pluck()
      // Kept as an archive after the first slice of the first batch was stored: the pass stops
      // before its next slice, in the middle of the batch.
      const off = own.core.events.subscribe(() => {
        if ((stored.get() as number) > 0)
          db.prepare("UPDATE accounts SET state = 'archived' WHERE id = ?").run(account.id)
      })
      const error = await own.error('sync.run', { accountId: account.id, limit: 'all' })
      off()
      expect(error.code).toBe('ACCOUNT_ARCHIVED')
      const count = stored.get() as number
      expect(count).toBeGreaterThan(0)
      expect(count).toBeLessThan(200)
      const { hits } = await own.call('search.messages', { query: 'example.test', limit: 500 })
      expect(hits).toHaveLength(count)
    } finally {
      own.close()
    }
  })
})

describe('HTML mail in a charset only its <meta> declares', () => {
  it('reads as the sender wrote it and is found by a Chinese word in it', async () => {
    const alice = server.users[0]!
    // As old Chinese clients send it: GB2312 HTML, no charset in the MIME header.
    const words = '您好，装箱单和发票已经寄出，请核对。'
    const raw = htmlMail(legacyHtml('gb2312', words), {
      messageId: '<gb2312-meta@163.example>',
      transfer: 'base64'
    })
    await appendMessages(server, alice.user, alice.password, 'INBOX', [raw])
    const [account] = await fixture.call('accounts.list', {})
    await fixture.call('sync.run', { accountId: account!.id })
    const { hits } = await fixture.call('search.messages', { query: '装箱单' })
    expect(hits.map((h) => h.messageId)).toEqual(['<gb2312-meta@163.example>'])
    expect(hits[0]!.match.text).toContain(words)
    // And by a two-character one, as most Chinese words are, or one (other mail here has them too).
    for (const query of ['发票', '核'])
      expect((await fixture.call('search.messages', { query })).hits.map((h) => h.messageId)).toContain(
        '<gb2312-meta@163.example>'
      )
    const thread = await fixture.call('threads.get', { threadId: hits[0]!.threadId! })
    expect(thread.messages[0]!.html).toContain(`<p>${words}</p>`)
    expect(thread.messages[0]!.text).toContain(words)
  })
})
