// Search beyond mail, over a mailbox synced from a real Dovecot: internal comments written on
// its conversations (contract and CLI), contacts found by an exact custom-field value, and the
// search bar's recent searches surviving a restart of the core.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecentSearch } from '../../src-preload/contract'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { outPath } from '../support/build-output'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

const run = promisify(execFile)

let server: DovecotServer
let fixture: CoreFixture
const threadOf = new Map<string, number>()
const conversationOf = new Map<string, string>()

function raw(from: string, subject: string, text: string, day: number): string {
  return [
    `From: ${from}`,
    'To: alice@example.test',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 0, day, 9)).toUTCString()}`,
    `Message-ID: <${subject.replace(/\W/g, '')}@client.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    ''
  ].join('\r\n')
}

beforeAll(async () => {
  server = await startDovecot()
  const alice = server.users[0]!
  await appendMessages(server, alice.user, alice.password, 'INBOX', [
    { raw: raw('Carlos Mendes <carlos@client.test>', 'Quote for 500 units', 'Please quote.', 5), flags: [] },
    { raw: raw('Dewi Lestari <dewi@toko.example.co.id>', 'Invoice 2231', 'Terlampir.', 6), flags: [] }
  ])
  fixture = new CoreFixture()
  const account = await fixture.call('accounts.add', { ...accountInput(server, 25, alice), skipVerify: true })
  await fixture.call('sync.run', { accountId: account.id, limit: 'all' })
  for (const c of await fixture.call('conversations.list', { inbox: 'all' })) {
    threadOf.set(c.subject, c.threadId)
    conversationOf.set(c.subject, c.id)
  }
  const comment = (subject: string, body: string) =>
    fixture.call('conversations.comment', { conversationId: conversationOf.get(subject)!, body })
  await comment('Quote for 500 units', 'Finance approved a 5% discount')
  await comment('Invoice 2231', 'Pak Budi minta faktur pajak; 客户说发票已开具')
  await comment('Invoice 2231', 'Finance will resend the invoice on Monday')
})

afterAll(async () => {
  fixture?.close()
  await server?.stop()
})

const bodies = async (query: string) =>
  (await fixture.call('search.comments', { query })).comments.map((c) => c.match.text)

describe('comment search over a synced mailbox', () => {
  it('finds comments by word, newest first, with the thread to open', async () => {
    const result = await fixture.call('search.comments', { query: 'finance' })
    expect(result.comments.map((c) => c.match.text)).toEqual([
      'Finance will resend the invoice on Monday',
      'Finance approved a 5% discount'
    ])
    expect(result.comments.map((c) => c.threadId)).toEqual([
      threadOf.get('Invoice 2231'),
      threadOf.get('Quote for 500 units')
    ])
  })

  it('finds a Chinese phrase by substring and an Indonesian phrase', async () => {
    expect(await bodies('发票已开具')).toEqual(['Pak Budi minta faktur pajak; 客户说发票已开具'])
    expect(await bodies('"faktur pajak"')).toEqual(['Pak Budi minta faktur pajak; 客户说发票已开具'])
  })

  it('narrows comments by the contact of their conversation and by negation', async () => {
    expect(await bodies('finance contact:dewi')).toEqual(['Finance will resend the invoice on Monday'])
    expect(await bodies('finance -invoice')).toEqual(['Finance approved a 5% discount'])
  })

  it('search.reindex rebuilds the comment index to the same answers', async () => {
    const before = await bodies('finance')
    const counts = await fixture.call('search.reindex', {})
    expect(counts.comments).toBe(3)
    expect(await bodies('finance')).toEqual(before)
  })

  it('refuses a bad operator value with a clear error', async () => {
    const error = await fixture.error('search.comments', { query: 'finance before:soon' })
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/before/)
  })

  it('answers `rapport search --kind comments` on the command line, as JSON', async () => {
    if (!existsSync(outPath('main/cli.js')))
      throw new Error('The CLI is not built: run "npm run build" (npm test does it).')
    const { stdout } = await run(process.execPath, [
      resolve('bin/rapport.js'),
      '--data-dir',
      fixture.dataDir,
      'search',
      'discount',
      '--kind',
      'comments',
      '--json'
    ])
    const result = JSON.parse(stdout) as { comments: Array<{ match: { text: string } }> }
    expect(result.comments.map((c) => c.match.text)).toEqual(['Finance approved a 5% discount'])
  })

  it('pages comment hits with the cursor each page returns, newest first, to an empty last page', async () => {
    const first = await fixture.call('search.comments', { query: 'finance', limit: 1 })
    const second = await fixture.call('search.comments', { query: 'finance', limit: 1, after: first.next! })
    const third = await fixture.call('search.comments', { query: 'finance', limit: 1, after: second.next! })
    expect([...first.comments, ...second.comments].map((c) => c.match.text)).toEqual([
      'Finance will resend the invoice on Monday',
      'Finance approved a 5% discount'
    ])
    expect(third).toMatchObject({ comments: [], next: null })
  })

  it('refuses a malformed page cursor with a clear error', async () => {
    const error = await fixture.error('search.comments', {
      query: 'finance',
      after: { date: 'yesterday', id: 'x' }
    })
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/date/)
  })

  it('shows an own-only agent only the comments on conversations assigned to them', async () => {
    const { crm, db } = fixture.core.workspace
    const me = crm.people.localId
    await fixture.call('conversations.assign', {
      conversationId: conversationOf.get('Quote for 500 units')!,
      memberId: me
    })
    // The contract never demotes the owner; in a workspace shared by its owner, the local member
    // can be an agent whose role limits what they see.
    const setRole = db.prepare('UPDATE members SET role = ?, visibility = ? WHERE id = ?')
    setRole.run('agent', 'own', me)
    try {
      expect(await bodies('finance')).toEqual(['Finance approved a 5% discount'])
      expect(await bodies('发票已开具')).toEqual([])
    } finally {
      setRole.run('owner', 'none', me)
    }
    expect(await bodies('发票已开具')).toEqual(['Pak Budi minta faktur pajak; 客户说发票已开具'])
  })
})

describe('contact search on custom fields', () => {
  it('finds a contact by the exact value of a text field, never by a date field', async () => {
    await fixture.call('contacts.defineField', { key: 'customer_no', label: 'Customer no', type: 'text' })
    await fixture.call('contacts.defineField', { key: 'renewal', label: 'Renewal', type: 'date' })
    const [dewi] = await fixture.call('contacts.list', { search: 'dewi' })
    await fixture.call('contacts.update', {
      contactId: dewi!.id,
      customFields: { customer_no: 'TK-7781', renewal: '2026-05-01' }
    })
    const names = async (query: string) =>
      (await fixture.call('search.contacts', { query })).contacts.map((c) => c.displayName)
    expect(await names('tk-7781')).toEqual(['Dewi Lestari'])
    expect(await names('7781')).toEqual([])
    expect(await names('2026-05-01')).toEqual([])
  })
})

describe('recent searches', () => {
  it('keeps the last searches in the workspace, so they survive a restart of the core', async () => {
    await fixture.call('search.remember', { query: 'invoice', kind: 'messages' })
    await fixture.call('search.remember', { query: 'finance', kind: 'comments' })
    const reopened = new Core({
      dataDir: fixture.dataDir,
      secrets: new MemorySecretStore(null),
      log: () => {}
    })
    try {
      const response = await reopened.dispatch('search.recent', {})
      expect(response.ok && (response.value as RecentSearch[]).map((r) => [r.query, r.kind])).toEqual([
        ['finance', 'comments'],
        ['invoice', 'messages']
      ])
    } finally {
      reopened.close()
    }
  })

  it('refuses an empty search with a message that says what to do', async () => {
    const error = await fixture.error('search.remember', { query: '   ', kind: 'messages' })
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/Type a search/)
  })
})
