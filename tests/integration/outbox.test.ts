// The outbox against a real Dovecot and a real SMTP relay: offline sending, undo, send later,
// the attachment limit, SMTP rejections and the daily cap.
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { Core } from '../../src-main/core/core'
import { startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

let server: DovecotServer
let relay: SmtpRelay
const fixtures: CoreFixture[] = []

beforeAll(async () => {
  server = await startDovecot({
    users: [
      { user: 'alice', password: 'alice-pw' },
      { user: 'bob', password: 'bob-pw' },
      { user: 'carol', password: 'carol-pw' },
      { user: 'dave', password: 'dave-pw' },
      { user: 'erin', password: 'erin-pw' },
      { user: 'fred', password: 'fred-pw' }
    ]
  })
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    reject: (rcpt) => (rcpt.startsWith('nobody') ? '5.1.1 <nobody@example.test>: No such user here' : null)
  })
})

afterAll(async () => {
  for (const f of fixtures) f.close()
  await relay?.stop()
  await server?.stop()
})

const user = (name: string): MailUser => server.users.find((u) => u.user === name)!
const relayed = (r: SmtpRelay, messageId: string) =>
  r.received.filter((m) => m.raw.toString('latin1').includes(messageId))

async function connect(name: string, smtpPort = relay.port, clock?: ManualClock) {
  const fixture = new CoreFixture(clock ? { clock } : {})
  fixtures.push(fixture)
  const account = await fixture.call('accounts.add', {
    ...accountInput(server, smtpPort, user(name)),
    skipVerify: true
  })
  return { fixture, accountId: account.id }
}

/** Adds the user's account with IMAP (and SMTP) through these ports, e.g. switchable proxies. */
async function addThroughProxies(fixture: CoreFixture, name: string, imapPort: number, smtpPort: number) {
  const input = accountInput(server, smtpPort, user(name))
  const account = await fixture.call('accounts.add', {
    ...input,
    imap: { ...input.imap, port: imapPort },
    skipVerify: true
  })
  return account.id
}

/** Polls a condition the core reaches on its own timer, with a deadline (no fixed sleep). */
async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const message = (accountId: number, subject: string) => ({
  accountId,
  to: ['bob@example.test'],
  subject,
  text: `${subject}: terima kasih 谢谢`
})

describe('offline sending', () => {
  it('keeps a message composed while the SMTP server is unreachable and sends it when its backoff ends with the server back', async () => {
    const offline = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort })
    const port = offline.port
    await offline.stop()
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('alice', port, clock)

    const error = await fixture.error('messages.send', message(accountId, 'Offline quote'))
    expect(error.code).toBe('HOST_UNREACHABLE')
    expect(error.message).toMatch(/waits in the Outbox/)
    const [queued] = await fixture.call('outbox.list', { accountId })
    expect(queued).toMatchObject({ state: 'queued', subject: 'Offline quote', attempts: 1 })
    expect(queued!.lastError).toMatch(/Could not connect to the SMTP server/)

    const online = await startSmtpRelay({ lmtpHost: server.host, lmtpPort: server.lmtpPort, port })
    try {
      // IMAP worked all along, so a pass says nothing about the SMTP server: the message keeps
      // its backoff (each new mail or poll would otherwise try it again at once).
      await fixture.call('sync.run', { accountId })
      expect(relayed(online, queued!.messageId)).toHaveLength(0)
      clock.advance(Date.parse(queued!.retryAt!) - clock.now())
      await fixture.call('sync.run', { accountId })
      expect(relayed(online, queued!.messageId)).toHaveLength(1)
      const [sent] = await fixture.call('outbox.list', { accountId, includeSent: true })
      expect(sent).toMatchObject({ id: queued!.id, state: 'sent', sentFolder: 'Sent', lastError: null })
      expect(await countByMessageId(server, user('alice'), 'Sent', queued!.messageId)).toBe(1)
      const thread = await fixture.call('threads.get', { threadId: sent!.threadId! })
      expect(thread.messages.map((m) => m.messageId)).toContain(queued!.messageId)
      expect(await fixture.call('outbox.list', { accountId })).toEqual([])
    } finally {
      await online.stop()
    }
  })

  it('waits longer after each try that finds no connection, and sends at once when the user asks', async () => {
    const imap = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    fixtures.push(fixture)
    try {
      const accountId = await addThroughProxies(fixture, 'erin', imap.port, relay.port)
      await imap.offline()
      const outbox = fixture.core.workspace.outbox
      const { item } = await fixture.call('outbox.send', {
        ...message(accountId, 'Offline for a while'),
        undo: false
      })
      const waitAfterTry = async () => {
        await fixture.waitFor(
          'the offline retry to be planned',
          () => outbox.list({ accountId })[0]?.retryAt !== null
        )
        const row = outbox.list({ accountId })[0]!
        return Date.parse(row.retryAt!) - clock.now()
      }
      const waits = [await waitAfterTry()]
      for (let i = 0; i < 3; i++) {
        clock.advance(waits.at(-1)!)
        await outbox.runDue()
        waits.push(await waitAfterTry())
      }
      // Backoff with jitter in the upper half: 7.5–15 s, then 15–30 s, 30–60 s, 60–120 s.
      expect(waits[0]).toBeLessThanOrEqual(15_000)
      expect(waits[3]).toBeGreaterThanOrEqual(60_000)
      expect(outbox.list({ accountId })[0]).toMatchObject({ state: 'queued', attempts: 0 })

      await imap.online()
      await fixture.call('outbox.retry', { id: item.id })
      await fixture.waitFor('delivery once asked', () => relayed(relay, item.messageId).length > 0)
      expect(relayed(relay, item.messageId)).toHaveLength(1)
    } finally {
      await imap.close()
    }
  })

  it('sends what was queued while the whole account was offline as soon as the real-time loop reconnects', async () => {
    const imap = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const smtp = await startSwitchableProxy({ host: relay.host, port: relay.port })
    const fixture = new CoreFixture({ sync: { realtime: { reconnect: { baseMs: 100, maxMs: 400 } } } })
    fixtures.push(fixture)
    try {
      const accountId = await addThroughProxies(fixture, 'alice', imap.port, smtp.port)
      await Promise.all([imap.offline(), smtp.offline()])
      const { item } = await fixture.call('outbox.send', {
        ...message(accountId, 'From the train'),
        undo: false
      })
      expect(item.state).toBe('queued')
      const waiting = () => fixture.core.workspace.outbox.list({ accountId })[0]
      await fixture.waitFor('the offline reason on the queued message', () => !!waiting()?.lastError)
      expect(waiting()!.lastError).toMatch(/Could not connect to the IMAP server/)

      fixture.core.startRealtime()
      await Promise.all([imap.online(), smtp.online()])
      await fixture.waitFor('delivery after reconnecting', () => relayed(relay, item.messageId).length > 0)
      await fixture.waitFor('the outbox to record it', () => waiting() === undefined)
      expect(relayed(relay, item.messageId)).toHaveLength(1)
      expect(await countByMessageId(server, user('alice'), 'Sent', item.messageId)).toBe(1)
    } finally {
      await fixture.core.stopRealtime()
      await Promise.all([imap.close(), smtp.close()])
    }
  })
})

describe('a slow SMTP server', () => {
  // A large message on a slow line takes minutes over SMTP while the IMAP session waits for the
  // Sent copy. imapflow closes a session silent for the stall timeout (shortened to 1 s here), so
  // without keep-alive NOOPs the copy failed and the sent message was reported offline.
  it('keeps the IMAP session alive while the submission outlasts the stall timeout, and files the message in Sent', async () => {
    const STALL_MS = 1_000
    const slow = await startSmtpRelay({
      lmtpHost: server.host,
      lmtpPort: server.lmtpPort,
      // The server takes its time before its 250: the scenario itself, not a wait for something.
      onAccepted: () => new Promise((resolve) => setTimeout(resolve, 4 * STALL_MS))
    })
    const fixture = new CoreFixture({ sync: { stallTimeoutMs: STALL_MS } })
    fixtures.push(fixture)
    try {
      const account = await fixture.call('accounts.add', {
        ...accountInput(server, slow.port, user('fred')),
        skipVerify: true
      })
      const result = await fixture.call('messages.send', message(account.id, 'Slow line'))
      expect(relayed(slow, result.messageId)).toHaveLength(1)
      const [sent] = await fixture.call('outbox.list', { accountId: account.id, includeSent: true })
      expect(sent).toMatchObject({ state: 'sent', sentFolder: 'Sent', lastError: null })
      expect(await countByMessageId(server, user('fred'), 'Sent', result.messageId)).toBe(1)
    } finally {
      await slow.stop()
    }
  })
})

describe('a message left mid-attempt', () => {
  it('says it may already have gone rather than "being sent", and sends it once when back online', async () => {
    const imap = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture()
    fixtures.push(fixture)
    try {
      const accountId = await addThroughProxies(fixture, 'dave', imap.port, relay.port)
      await imap.offline()
      const { item } = await fixture.call('outbox.send', {
        ...message(accountId, 'Left mid-way'),
        undo: false
      })
      // What a quit between "sending" and the server's answer leaves behind.
      fixture.core.workspace.db
        .prepare("UPDATE outbox SET state = 'sending', attempts = 1 WHERE id = ?")
        .run(item.id)
      await fixture.core.workspace.outbox.runDue()
      const refused = await fixture.error('outbox.cancel', { id: item.id })
      expect(refused.message).toMatch(/interrupted while sending this message, so it may already have gone/)
      await imap.online()
      await fixture.call('sync.run', { accountId })
      expect(relayed(relay, item.messageId)).toHaveLength(1)
      expect((await fixture.call('outbox.list', { accountId, includeSent: true }))[0]).toMatchObject({
        id: item.id,
        state: 'sent'
      })
    } finally {
      await imap.close()
    }
  })
})

describe('undo during an attempt', () => {
  it('says "being sent right now" while the pass after coming back online sends it', async () => {
    let answer: () => void = () => undefined
    let dataArrived: () => void = () => undefined
    const arrived = new Promise<void>((resolve) => (dataArrived = resolve))
    // An SMTP server that has the whole message and holds its answer until told.
    const smtp = new SMTPServer({
      logger: false,
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(_auth, _session, done) {
        done(null, { user: 'erin' })
      },
      onData(stream, _session, done) {
        stream.resume()
        stream.on('end', () => {
          answer = () => done()
          dataArrived()
        })
      }
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
    const imap = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const fixture = new CoreFixture()
    fixtures.push(fixture)
    try {
      const accountId = await addThroughProxies(
        fixture,
        'erin',
        imap.port,
        (smtp.server.address() as AddressInfo).port
      )
      await imap.offline()
      const { item } = await fixture.call('outbox.send', { ...message(accountId, 'Going out'), undo: false })
      await fixture.core.workspace.outbox.runDue()
      await imap.online()
      const pass = fixture.call('sync.run', { accountId })
      await arrived
      const refused = await fixture.error('outbox.cancel', { id: item.id })
      expect(refused.message).toBe('This message is being sent right now; it can no longer be undone.')
      answer()
      await pass
      expect((await fixture.call('outbox.list', { accountId, includeSent: true }))[0]).toMatchObject({
        state: 'sent'
      })
    } finally {
      await imap.close()
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
    }
  })
})

describe('undo send', () => {
  it('sends nothing when undone within the delay, and sends a message that was not undone when the delay ends', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('carol', relay.port, clock)
    expect(await fixture.call('outbox.getSettings', {})).toEqual({ undoDelaySeconds: 10 })

    const undone = (await fixture.call('outbox.send', message(accountId, 'Oops, wrong price'))).item
    const kept = (await fixture.call('outbox.send', message(accountId, 'Right price'))).item
    expect(undone.state).toBe('scheduled')
    expect(Date.parse(undone.sendAt) - clock.now()).toBe(10_000)
    expect(await fixture.call('outbox.cancel', { id: undone.id })).toEqual({ cancelled: true })

    clock.advance(10_000)
    await fixture.core.workspace.outbox.runDue()
    expect(relayed(relay, undone.messageId)).toHaveLength(0)
    expect(relayed(relay, kept.messageId)).toHaveLength(1)
    expect(await countByMessageId(server, user('carol'), 'Sent', undone.messageId)).toBe(0)
    const sent = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(sent.map((i) => [i.subject, i.state])).toEqual([['Right price', 'sent']])

    const late = await fixture.error('outbox.cancel', { id: kept.id })
    expect(late.message).toMatch(/already sent/)
  })

  it('takes an undo delay between 5 and 60 seconds and refuses others', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('carol', relay.port, clock)
    expect(await fixture.call('outbox.setSettings', { undoDelaySeconds: 30 })).toEqual({
      undoDelaySeconds: 30
    })
    const { item } = await fixture.call('outbox.send', message(accountId, 'Thirty seconds'))
    expect(Date.parse(item.sendAt) - clock.now()).toBe(30_000)
    await fixture.call('outbox.cancel', { id: item.id })
    for (const undoDelaySeconds of [4, 61]) {
      const error = await fixture.error('outbox.setSettings', { undoDelaySeconds })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'undoDelaySeconds' })
    }
  })
})

describe('send later', () => {
  it('sends at the chosen time, not before, and after a restart that happened in between', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('dave', relay.port, clock)
    const at = new Date(clock.now() + 2 * 60 * 60_000).toISOString()
    const first = (
      await fixture.call('outbox.send', { ...message(accountId, 'Monday follow-up'), sendAt: at })
    ).item
    expect(first).toMatchObject({ state: 'scheduled', sendAt: at })

    clock.advance(60 * 60_000)
    await fixture.core.workspace.outbox.runDue()
    expect(relayed(relay, first.messageId)).toHaveLength(0)
    clock.advance(60 * 60_000)
    await fixture.core.workspace.outbox.runDue()
    expect(relayed(relay, first.messageId)).toHaveLength(1)
    expect((await fixture.call('outbox.list', { accountId, includeSent: true }))[0]!.state).toBe('sent')

    // Scheduled, then Rapport closes; it reopens after the time: the scheduler sends it on start.
    const second = (
      await fixture.call('outbox.send', {
        ...message(accountId, 'Tuesday follow-up'),
        sendAt: new Date(clock.now() + 60 * 60_000).toISOString()
      })
    ).item
    const { dataDir } = fixture
    const secrets = fixture.core.secrets
    fixture.core.close()
    clock.advance(2 * 60 * 60_000)
    const reopened = new Core({ dataDir, secrets, clock, log: () => undefined })
    try {
      await until('the scheduled message to be sent after the restart', () =>
        reopened.workspace.outbox.list({ accountId, includeSent: true }).every((i) => i.state === 'sent')
      )
      expect(relayed(relay, second.messageId)).toHaveLength(1)
    } finally {
      reopened.close()
      fixtures.splice(fixtures.indexOf(fixture), 1)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses a time in the past', async () => {
    const { fixture, accountId } = await connect('dave')
    const error = await fixture.error('outbox.send', {
      ...message(accountId, 'Yesterday'),
      sendAt: new Date(Date.now() - 24 * 60 * 60_000).toISOString()
    })
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'sendAt' })
  })
})

describe('attachments', () => {
  it('sends attachments given as base64 with their name and type', async () => {
    const { fixture, accountId } = await connect('erin')
    const pdf = Buffer.from('%PDF-1.4 quote 2026 ' + 'x'.repeat(50_000))
    const result = await fixture.call('messages.send', {
      ...message(accountId, 'Quote attached'),
      attachments: [
        { name: 'Penawaran 报价.pdf', type: 'application/pdf', contentBase64: pdf.toString('base64') }
      ]
    })
    const parsed = await simpleParser(relayed(relay, result.messageId)[0]!.raw)
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
      ['Penawaran 报价.pdf', 'application/pdf', true]
    ])
  })

  it('refuses more than 25 MB of attachments in total with ATTACHMENT_TOO_LARGE and queues nothing', async () => {
    const { fixture, accountId } = await connect('erin')
    const half = Buffer.alloc(13 * 1024 * 1024, 7).toString('base64')
    const error = await fixture.error('outbox.send', {
      ...message(accountId, 'Too big'),
      attachments: [
        { name: 'a.bin', type: 'application/octet-stream', contentBase64: half },
        { name: 'b.bin', type: 'application/octet-stream', contentBase64: half }
      ]
    })
    expect(error).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', field: 'attachments' })
    expect(error.message).toMatch(/26\.0 MB; the limit is 25 MB/)
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
  })
})

describe('failures', () => {
  it('keeps a message the SMTP server rejects in the outbox with the server text, until retried or deleted', async () => {
    const { fixture, accountId } = await connect('bob')
    const error = await fixture.error('messages.send', {
      ...message(accountId, 'To nobody'),
      to: ['nobody@example.test']
    })
    expect(error.code).toBe('SEND_FAILED')
    expect(error.message).toMatch(/550 5\.1\.1 <nobody@example\.test>: No such user here/)

    const [failed] = await fixture.call('outbox.list', { accountId })
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, to: ['nobody@example.test'] })
    expect(failed!.lastError).toMatch(/No such user here/)
    expect(await fixture.call('messages.list', { limit: 100 })).toEqual([])

    const retried = await fixture.call('outbox.retry', { id: failed!.id })
    expect(retried).toMatchObject({ state: 'failed', attempts: 2 })
    expect(relayed(relay, failed!.messageId)).toHaveLength(0)
    expect(await fixture.call('outbox.delete', { id: failed!.id })).toEqual({ deleted: true })
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
  })

  it('refuses to send past the daily cap with SEND_CAP_REACHED', async () => {
    const { fixture, accountId } = await connect('bob')
    expect(await fixture.call('outbox.limits', { accountId })).toMatchObject({ dailyCap: null, warnAt: null })
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    await fixture.call('messages.send', message(accountId, 'First of the day'))
    const error = await fixture.error('outbox.send', message(accountId, 'Second of the day'))
    expect(error.code).toBe('SEND_CAP_REACHED')
    expect(error.message).toMatch(/daily cap of 1/)
    expect(await fixture.call('outbox.limits', { accountId })).toMatchObject({ dailyCap: 1, sentToday: 1 })
  })
})
