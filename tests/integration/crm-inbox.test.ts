import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nodemailer, { type SendMailOptions } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { coreCaller } from '../support/core-call'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { accountInput } from './fixtures/core-fixture'

// The CRM inbox end to end: real Dovecot, real SMTP relay, a core restarted on the same data
// dir with a manual clock, so a snooze can expire while the core is stopped.

const ALICE = { user: 'alice', password: 'alice-pw' }
const ALICE_EMAIL = 'alice@example.test'
const CARLOS = 'carlos@client.test'
const HOUR = 3_600_000

let server: DovecotServer
let relay: SmtpRelay
let dataDir: string
let core: Core
let accountId: number
const secrets = new MemorySecretStore(null)
const clock = new ManualClock(Date.now())

function openCore(): Core {
  return new Core({ dataDir, secrets, log: () => undefined, clock })
}

const call = coreCaller(() => core)

/** Mail from the outside world to Alice, through the relay into Dovecot. */
async function deliver(mail: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: false,
    auth: { user: 'carlos', pass: 'any' }
  })
  try {
    const info = await transport.sendMail({ from: `Carlos Mendes <${CARLOS}>`, to: ALICE_EMAIL, ...mail })
    return info.messageId
  } finally {
    transport.close()
  }
}

async function syncAll(): Promise<void> {
  // Let the wall clock catch up with the injected one, so rule timing matches the mail dates.
  clock.set(Math.max(clock.now(), Date.now()))
  await call('sync.run', { accountId })
}

beforeAll(async () => {
  server = await startDovecot({ users: [ALICE] })
  relay = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-crm-'))
  core = openCore()
  const account = await call('accounts.add', {
    ...accountInput(server, relay.port, ALICE),
    importLimit: 'all'
  })
  accountId = account.id
})

afterAll(async () => {
  core?.close()
  await relay?.stop()
  await server?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the CRM inbox against a real mail server', () => {
  let conversationId: string
  let firstMessageId: string

  it('opens an unassigned conversation, opened by the contact, when mail arrives', async () => {
    firstMessageId = await deliver({ subject: 'Quote for 500 units', text: 'Hello Alice, can you quote?' })
    await syncAll()
    const [row, ...rest] = await call('conversations.list', { inbox: 'all', status: 'open' })
    expect(rest).toEqual([])
    expect(row).toMatchObject({ status: 'open', assigneeId: null, lastDirection: 'in', unreadCount: 1 })
    conversationId = row!.id
    const timeline = await call('conversations.timeline', { conversationId })
    expect(timeline).toMatchObject([{ kind: 'event', type: 'opened', actor: { kind: 'contact' } }])
    expect((await call('inboxes.list', {})).find((i) => i.key === 'unassigned')).toMatchObject({
      openCount: 1,
      dot: true
    })
  })

  it('assigns the conversation to the user who replies', async () => {
    const sent = await call('messages.send', {
      accountId,
      to: [CARLOS],
      subject: 'Re: Quote for 500 units',
      text: 'Sure: 12 per unit.',
      inReplyTo: firstMessageId
    })
    const me = (await call('members.list', {})).find((m) => m.isLocal)!
    const row = await call('conversations.get', { conversationId })
    expect(row).toMatchObject({ threadId: sent.threadId, assigneeId: me.id, lastDirection: 'out' })
    expect((await call('conversations.list', { inbox: 'mine' })).map((r) => r.id)).toEqual([conversationId])
    expect(relay.received.at(-1)?.to).toEqual([CARLOS])
  })

  it('keeps the assignee on close, and reopens when the contact writes again, whatever the Date of the reply', async () => {
    const closed = await call('conversations.close', { conversationId })
    expect(closed).toMatchObject({ status: 'closed' })
    expect(closed.assigneeId).not.toBeNull()
    await deliver({
      // The contact's clock is ten minutes slow: the reply is dated before Alice's answer (and the
      // close), yet it is new mail, so it reopens the conversation all the same.
      date: new Date(Math.min(clock.now(), Date.now()) - 10 * 60_000),
      subject: 'Re: Quote for 500 units',
      text: 'And for 1,000?',
      inReplyTo: firstMessageId,
      references: [firstMessageId]
    })
    await syncAll()
    const row = await call('conversations.get', { conversationId })
    expect(row).toMatchObject({ status: 'open', assigneeId: closed.assigneeId })
    const types = (await call('conversations.timeline', { conversationId })).map((e) =>
      e.kind === 'event' ? `${e.type}:${e.actor.kind}` : 'comment'
    )
    expect(types).toEqual(['opened:contact', 'assigned:user', 'closed:user', 'opened:contact'])
  })

  it('wakes a snooze that expired while the core was stopped, on the next start', async () => {
    await call('conversations.snooze', { conversationId, preset: '1h' })
    core.close()
    clock.advance(2 * HOUR)
    core = openCore()
    const row = await call('conversations.get', { conversationId })
    expect(row).toMatchObject({ status: 'open', snoozedUntil: null })
    const notifications = await call('notifications.list', { unreadOnly: true })
    expect(notifications).toMatchObject([{ kind: 'snooze-woken', conversationId }])
  })

  it('creates a lead for mail to alice+lead@, and no contact for a Cc’d address', async () => {
    await deliver({
      from: 'Buyer <buyer@bigco.test>',
      to: 'alice+lead@example.test',
      cc: 'procurement@bigco.test',
      envelope: { from: 'buyer@bigco.test', to: [ALICE_EMAIL] },
      subject: '2,000 units for Q3'
    })
    await syncAll()
    const buyer = await call('contacts.list', { search: 'buyer@bigco.test' })
    expect(buyer).toHaveLength(1)
    expect(await call('contacts.list', { search: 'procurement@bigco.test' })).toEqual([])
    expect(await call('contacts.list', { search: 'alice' })).toEqual([])
    const leads = await call('leads.list', { contactId: buyer[0]!.id })
    expect(leads).toMatchObject([{ title: '2,000 units for Q3', stage: 'New' }])
    expect(leads[0]!.conversationIds).toHaveLength(1)
  })

  it('refuses to send to a blocked contact', async () => {
    const [carlos] = await call('contacts.list', { search: CARLOS })
    await call('contacts.block', { contactId: carlos!.id })
    const response = await core.dispatch('messages.send', {
      accountId,
      to: [CARLOS],
      subject: 'x',
      text: 'x'
    })
    expect(response).toMatchObject({ ok: false, error: { code: 'CONTACT_BLOCKED' } })
    expect((await call('conversations.list', { inbox: 'blocked' })).map((r) => r.id)).toEqual([
      conversationId
    ])
  })
})

describe('old mail filled in later', () => {
  it('leaves a closed conversation closed when a wider import window brings in its older mail', async () => {
    const dewi = { user: 'dewi', password: 'dewi-pw' }
    await server.addUser(dewi.user, dewi.password)
    const mail = (id: string, hoursAgo: number, references = '') =>
      [
        `From: Budi <budi@client.test>`,
        `To: dewi@example.test`,
        `Subject: Re: Shipment`,
        `Message-ID: <${id}@client.test>`,
        ...(references ? [`In-Reply-To: ${references}`, `References: ${references}`] : []),
        `Date: ${new Date(Date.now() - hoursAgo * HOUR).toUTCString()}`,
        '',
        'Where is it?',
        ''
      ].join('\r\n')
    await appendMessages(server, dewi.user, dewi.password, 'INBOX', [
      mail('first', 48),
      mail('second', 24, '<first@client.test>')
    ])
    const { id } = await call('accounts.add', { ...accountInput(server, relay.port, dewi), importLimit: 1 })
    await call('sync.run', { accountId: id })
    const conversation = (await call('conversations.list', { inbox: 'all' })).find((c) =>
      /Shipment/.test(c.subject)
    )!
    expect((await call('threads.get', { threadId: conversation.threadId })).messages).toHaveLength(1)
    await call('conversations.close', { conversationId: conversation.id })
    // The whole folder now: the older message comes in below what the first pass stored.
    await call('sync.run', { accountId: id, limit: 'all' })
    expect((await call('threads.get', { threadId: conversation.threadId })).messages).toHaveLength(2)
    expect(await call('conversations.get', { conversationId: conversation.id })).toMatchObject({
      status: 'closed'
    })
  })
})
