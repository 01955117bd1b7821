// When the outbox tries again and when it gives up, against a real Dovecot and real SMTP servers:
// an SMTP server that cannot be reached keeps its backoff, only refusals for now (4xx) count
// toward the retry limit, messages.send tells a refusal for now (SEND_DEFERRED) from one for good
// (SEND_FAILED), a login refused for now does not ask for the password, a certificate the client
// refuses fails the message, and the daily cap holds for Send now and due mail too.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { MAX_TEMPORARY_ATTEMPTS } from '../../src-main/core/outbox/outbox-state'
import { startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
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
      { user: 'bob', password: 'bob-pw' }
    ]
  })
  relay = await startSmtpRelay({
    lmtpHost: server.host,
    lmtpPort: server.lmtpPort,
    users: server.users,
    reject: (rcpt) =>
      rcpt.startsWith('greylisted')
        ? { code: 451, message: '4.7.1 Greylisted, try again later' }
        : rcpt.startsWith('nobody')
          ? '5.1.1 No such user here'
          : null
  })
})

afterAll(async () => {
  for (const f of fixtures) f.close()
  await relay?.stop()
  await server?.stop()
})

const user = (name: string): MailUser => server.users.find((u) => u.user === name)!
const relayed = (messageId: string) =>
  relay.received.filter((m) => m.raw.toString('latin1').includes(messageId))

async function connect(smtp: { port: number; security?: 'none' | 'tls' }) {
  const clock = new ManualClock(Date.now())
  const fixture = new CoreFixture({ clock })
  fixtures.push(fixture)
  const input = accountInput(server, smtp.port, user('alice'))
  const account = await fixture.call('accounts.add', {
    ...input,
    smtp: { ...input.smtp, security: smtp.security ?? 'none' },
    skipVerify: true
  })
  const outbox = fixture.core.workspace.outbox
  const only = async () => (await fixture.call('outbox.list', { accountId: account.id }))[0]!
  /** Moves the clock to the row's retry time and runs the scheduler's tick. */
  const tryAgain = async () => {
    clock.advance(Math.max(0, Date.parse((await only()).retryAt!) - clock.now()))
    await outbox.runDue()
  }
  return { fixture, clock, accountId: account.id, outbox, only, tryAgain }
}

/** A real SMTP server (smtp-server) on loopback, stopped after the test. */
async function startSmtpServer(
  options: SMTPServerOptions
): Promise<{ port: number; stop: () => Promise<void> }> {
  const smtp = new SMTPServer({ logger: false, authOptional: false, ...options })
  smtp.on('error', () => {}) // a client that drops the handshake must not fail the test run
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (smtp.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve()))
  }
}

const mail = (accountId: number, to = 'bob@example.test') => ({
  accountId,
  to: [to],
  subject: 'Quote',
  text: 'x'
})

describe('an SMTP server that cannot be reached', () => {
  it('keeps its backoff while IMAP works: sync passes do not retry it', async () => {
    const smtp = await startSwitchableProxy({ host: relay.host, port: relay.port })
    try {
      await smtp.offline()
      const { fixture, accountId, only } = await connect({ port: smtp.port })
      expect((await fixture.error('messages.send', mail(accountId))).code).toBe('HOST_UNREACHABLE')
      const before = await only()
      expect(before).toMatchObject({ state: 'queued', attempts: 1 })
      expect(before.lastError).toMatch(/Could not connect to the SMTP server/)
      for (let i = 0; i < 3; i++) await fixture.call('sync.run', { accountId })
      expect(await only()).toMatchObject({ attempts: 1, retryAt: before.retryAt })
    } finally {
      await smtp.close()
    }
  })

  it('does not use up the retries for refusals: after an outage, greylisting is still retried', async () => {
    const smtp = await startSwitchableProxy({ host: relay.host, port: relay.port })
    try {
      await smtp.offline()
      const { fixture, accountId, only, tryAgain } = await connect({ port: smtp.port })
      await fixture.error('messages.send', mail(accountId, 'greylisted@example.test'))
      for (let i = 0; i < MAX_TEMPORARY_ATTEMPTS; i++) await tryAgain()
      expect(await only()).toMatchObject({ state: 'queued', attempts: MAX_TEMPORARY_ATTEMPTS + 1 })

      await smtp.online()
      for (let refusals = 1; refusals < MAX_TEMPORARY_ATTEMPTS; refusals++) {
        await tryAgain()
        const row = await only()
        expect(row.state).toBe('queued')
        expect(row.lastError).toMatch(/451 4\.7\.1 Greylisted/)
      }
      await tryAgain()
      expect(await only()).toMatchObject({ state: 'failed', attempts: 2 * MAX_TEMPORARY_ATTEMPTS + 1 })
    } finally {
      await smtp.close()
    }
  })
})

describe('every recipient refused, one for now and one for good', () => {
  it('is retried, whatever order the server answered in, and says why for each', async () => {
    const { fixture, accountId, only } = await connect({ port: relay.port })
    // The refusal for good comes last: nodemailer's error carries its code alone.
    await fixture.error('messages.send', {
      ...mail(accountId),
      to: ['greylisted@example.test', 'nobody@example.test']
    })
    const row = await only()
    expect(row.state).toBe('queued')
    expect(row.lastError).toMatch(/greylisted@example\.test: 451 4\.7\.1 Greylisted/)
    expect(row.lastError).toMatch(/nobody@example\.test: 550 5\.1\.1 No such user here/)
  })
})

describe('what messages.send answers when the SMTP server refuses', () => {
  it('answers SEND_DEFERRED for a refusal for now (451), in its words, and the row waits to be tried again', async () => {
    const { fixture, clock, accountId, only } = await connect({ port: relay.port })
    const error = await fixture.error('messages.send', mail(accountId, 'greylisted@example.test'))
    expect(error.code).toBe('SEND_DEFERRED')
    expect(error.message).toMatch(/451 4\.7\.1 Greylisted, try again later/)
    expect(error.message).toMatch(/tries again on its own/)
    const row = await only()
    expect(row).toMatchObject({ state: 'queued', lastErrorCode: 'SEND_DEFERRED' })
    expect(row.lastError).toMatch(/451 4\.7\.1 Greylisted/)
    expect(Date.parse(row.retryAt!)).toBeGreaterThan(clock.now())
  })

  it('answers SEND_FAILED for a refusal for good (550), in its words, and the row waits for Retry', async () => {
    const { fixture, accountId, only } = await connect({ port: relay.port })
    const error = await fixture.error('messages.send', mail(accountId, 'nobody@example.test'))
    expect(error.code).toBe('SEND_FAILED')
    expect(error.message).toMatch(/550 5\.1\.1 No such user here/)
    expect(await only()).toMatchObject({ state: 'failed', lastErrorCode: 'SEND_FAILED', retryAt: null })
  })

  it('fails a message refused for now once it has used up its tries: SEND_FAILED from then on', async () => {
    const { fixture, accountId, only, tryAgain } = await connect({ port: relay.port })
    await fixture.error('messages.send', mail(accountId, 'greylisted@example.test'))
    for (let refusals = 1; refusals < MAX_TEMPORARY_ATTEMPTS; refusals++) await tryAgain()
    const failed = await only()
    expect(failed).toMatchObject({ state: 'failed', lastErrorCode: 'SEND_FAILED' })
    expect(failed.lastError).toMatch(/451 4\.7\.1 Greylisted/)
  })

  it('keeps the recipients refused for now apart from those refused for good when the others got it', async () => {
    const { fixture, accountId } = await connect({ port: relay.port })
    const sent = await fixture.call('messages.send', {
      ...mail(accountId),
      to: ['bob@example.test', 'greylisted@example.test', 'nobody@example.test']
    })
    expect(sent.notSentTo.map((r) => r.state).sort()).toEqual(['failed', 'retrying'])
    const rows = await fixture.call('outbox.list', { accountId })
    const of = (to: string) => rows.find((r) => r.to.includes(to))
    expect(of('greylisted@example.test')).toMatchObject({ state: 'queued', lastErrorCode: 'SEND_DEFERRED' })
    expect(of('nobody@example.test')).toMatchObject({ state: 'failed', lastErrorCode: 'SEND_FAILED' })
  })
})

describe('a login the SMTP server refuses for now', () => {
  it('retries with backoff, leaves the account signed in and does not blame the password', async () => {
    const smtp = await startSmtpServer({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(_auth, _session, callback) {
        const error = Object.assign(new Error('4.7.0 Too many login attempts, please try again later'), {
          responseCode: 454
        })
        callback(error)
      }
    })
    try {
      const { fixture, clock, accountId, only } = await connect({ port: smtp.port })
      const error = await fixture.error('messages.send', mail(accountId))
      expect(error.code).toBe('SEND_DEFERRED')
      expect(error.message).toMatch(/454 4\.7\.0 Too many login attempts/)
      expect(error.message).not.toMatch(/rejected the user name or password/)
      await fixture.call('sync.run', { accountId })
      const [account] = await fixture.call('accounts.list', {})
      expect(account).toMatchObject({ state: 'active' })
      const row = await only()
      expect(row).toMatchObject({ state: 'queued', attempts: 1 })
      expect(Date.parse(row.retryAt!)).toBeGreaterThan(clock.now())
      expect(row.lastError).not.toMatch(/user name or password/)
    } finally {
      await smtp.stop()
    }
  })
})

describe('an SMTP server on port 465 whose certificate is not valid', () => {
  it('fails the message for good with the certificate problem, instead of waiting to be online', async () => {
    // A self-signed certificate made now, so nothing secret sits in the repository.
    const dir = mkdtempSync(join(tmpdir(), 'rapport-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem')
      ],
      { stdio: 'ignore' }
    )
    const smtp = await startSmtpServer({
      secure: true,
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
      onAuth: (_auth, _session, callback) => callback(null, { user: 'alice' })
    })
    try {
      const { fixture, accountId, only } = await connect({ port: smtp.port, security: 'tls' })
      const error = await fixture.error('messages.send', mail(accountId))
      expect(error.code).toBe('SEND_FAILED')
      expect(error.message).toMatch(/did not present a valid TLS certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/)
      expect(await only()).toMatchObject({ state: 'failed', attempts: 1 })
    } finally {
      await smtp.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the daily cap', () => {
  it('refuses Send now and Retry past the cap, leaving the message as it was', async () => {
    const { fixture, accountId, only } = await connect({ port: relay.port })
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    await fixture.call('messages.send', mail(accountId))
    const sendAt = new Date(Date.now() + 30 * 60 * 60_000).toISOString()
    const { item } = await fixture.call('outbox.send', { ...mail(accountId), sendAt })
    for (const command of ['outbox.sendNow', 'outbox.retry'] as const) {
      const error = await fixture.error(command, { id: item.id })
      expect(error.code).toBe('SEND_CAP_REACHED')
      expect(error.message).toMatch(/daily cap of 1/)
    }
    expect(await only()).toMatchObject({ id: item.id, state: 'scheduled', sendAt, attempts: 0 })
    expect(relayed(item.messageId)).toHaveLength(0)
  })

  it('holds a due message that would pass the cap until the 24-hour window allows it', async () => {
    const { fixture, clock, accountId, outbox, only, tryAgain } = await connect({ port: relay.port })
    const first = await fixture.call('messages.send', mail(accountId))
    const { item } = await fixture.call('outbox.send', {
      ...mail(accountId),
      sendAt: new Date(clock.now() + 60 * 60_000).toISOString()
    })
    // The cap is lowered after the second message was queued.
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    clock.advance(60 * 60_000)
    await outbox.runDue()

    const firstSentAt = Date.parse(
      (await fixture.call('outbox.list', { accountId, includeSent: true })).find(
        (i) => i.messageId === first.messageId
      )!.sentAt!
    )
    const held = await only()
    expect(held).toMatchObject({ id: item.id, state: 'queued', attempts: 0 })
    expect(held.lastError).toMatch(/daily cap/)
    expect(Date.parse(held.retryAt!)).toBe(firstSentAt + 24 * 60 * 60_000)
    // The scheduler's timer sleeps until then instead of waking at once again and again.
    expect(outbox.repo.nextDueAt()).toBe(Date.parse(held.retryAt!))
    await outbox.runDue()
    expect(relayed(item.messageId)).toHaveLength(0)

    await tryAgain()
    expect(relayed(item.messageId)).toHaveLength(1)
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
  })
})
