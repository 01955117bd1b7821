// What the Outbox and messages.send say when an attempt fails for a reason other than a network
// that is down, against a real Dovecot and a real SMTP relay into it: Rapport's own database
// refusing a write, the SMTP server refusing a message for now (greylisting), and the IMAP
// server refusing the look in Sent (through a proxy that answers that SEARCH with a NO). Each was
// said as "could not reach the server", and a message whose attempt failed so held up every
// message behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { countByMessageId } from '../support/imap-probe'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { relayed, useOutboxServerHoldingAccepts, holdWriteLockOverNextAccept } from './fixtures/outbox-server'

const { env, beforeNextAccept } = useOutboxServerHoldingAccepts(
  ['alice', 'bob', 'carol', 'dian'],
  {},
  {
    reject: (rcpt) =>
      rcpt.startsWith('greylisted') ? { code: 451, message: '4.7.1 Greylisted, try again later' } : null
  }
)

let imapProxy: TcpProxy
beforeAll(async () => {
  imapProxy = await startTcpProxy({ host: env.server.host, port: env.server.imapPort })
})
afterAll(() => imapProxy?.close())

const mail = (accountId: number, subject: string, to = 'dewi@example.test') => ({
  accountId,
  to: [to],
  subject,
  text: `${subject}: the figures are attached`
})

describe('a write Rapport could not make during an attempt (the database locked past its timeout)', () => {
  it('says so in the Outbox, not "offline", and the messages behind it still go', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await env.connect('alice', { clock })
    const outbox = fixture.core.workspace.outbox
    // Two messages due together, in this order.
    const first = await outbox.enqueue({ ...mail(accountId, 'First'), undo: true })
    const second = await outbox.enqueue({ ...mail(accountId, 'Second'), undo: true })
    // Another process's long write holds the lock from before the first one's 250 until Rapport
    // gave up recording it (busy timeout).
    const lock = holdWriteLockOverNextAccept(fixture, beforeNextAccept)
    try {
      clock.advance(60_000)
      await outbox.runDue()
    } finally {
      lock.close()
    }
    expect(lock.refusedWrites(), 'the 250 could not be recorded').toBe(1)

    const rows = outbox.list({ accountId, includeSent: true })
    const byId = (id: number) => rows.find((r) => r.id === id)!
    // What happened, in words that fit a send: not an unreachable server, nor a sync's
    // "could not save what it fetched… nothing on the server was changed".
    const stuck = byId(first.item.id)
    expect(stuck.lastErrorCode).not.toBe('HOST_UNREACHABLE')
    expect(stuck.lastError).toMatch(/another Rapport process/)
    expect(stuck.lastError).not.toMatch(/fetched|Nothing on the server was changed/)
    // The server was reached and took the next message.
    expect(byId(second.item.id).state).toBe('sent')
    expect(relayed(env.relay, second.item.messageId)).toHaveLength(1)

    // Later, the first is found in Sent and is not sent to its recipients a second time.
    clock.advance(60 * 60_000)
    await outbox.runDue()
    expect(outbox.list({ accountId, includeSent: true }).find((r) => r.id === first.item.id)!.state).toBe(
      'sent'
    )
    expect(relayed(env.relay, first.item.messageId)).toHaveLength(1)
  }, 30_000)
})

describe('a message the SMTP server refuses for now (451, greylisting)', () => {
  it('messages.send says the server refused it for now, in its words, and that it is tried again', async () => {
    const { fixture, accountId } = await env.connect('bob')
    const error = await fixture.error(
      'messages.send',
      mail(accountId, 'Greylisted', 'greylisted@example.test')
    )
    // The server was reached: it answered.
    expect(error.code).not.toBe('HOST_UNREACHABLE')
    expect(error.code).toBe('SEND_DEFERRED')
    expect(error.message).toMatch(/451 4\.7\.1 Greylisted, try again later/)
    expect(error.message).toMatch(/refused .*for now/)
    expect(error.message).toMatch(/tries again on its own/)
    const [row] = await fixture.call('outbox.list', { accountId })
    expect(row).toMatchObject({ state: 'queued', attempts: 1 })
  })
})

describe('a message whose look in Sent the IMAP server refuses', () => {
  it('waits saying why, and the messages behind it still go', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await env.connect('carol', { clock, imapPort: imapProxy.port })
    await fixture.call('sync.run', { accountId })
    const outbox = fixture.core.workspace.outbox
    const first = await outbox.enqueue({ ...mail(accountId, 'Interrupted'), undo: true })
    const second = await outbox.enqueue({ ...mail(accountId, 'Behind it'), undo: true })
    // The first was left mid-attempt, as a crash leaves it (outbox-crash.test.ts kills a real
    // process there): it may have gone, so Sent is searched for it before it is sent again.
    expect(outbox.repo.markSending(first.item.id)).toBe(true)
    const messageId = first.item.messageId.replace(/[<>]/g, '')
    const refusal = imapProxy.refuse(
      new RegExp(`SEARCH .*${messageId.replace(/[.$]/g, '\\$&')}`, 'i'),
      'NO Search temporarily unavailable'
    )
    try {
      clock.advance(60_000)
      await outbox.runDue()
      await refusal.refused(1)
    } finally {
      refusal.stop()
    }
    const rows = outbox.list({ accountId, includeSent: true })
    const byId = (id: number) => rows.find((r) => r.id === id)!
    // The one behind it went.
    expect(byId(second.item.id).state).toBe('sent')
    expect(relayed(env.relay, second.item.messageId)).toHaveLength(1)
    // The first was not sent blind, and says the server refused the search (not "offline").
    const waiting = byId(first.item.id)
    expect(waiting.state).toBe('sending')
    expect(waiting.lastErrorCode).not.toBe('HOST_UNREACHABLE')
    expect(waiting.lastError).toMatch(/refused to search Sent/)
    expect(relayed(env.relay, first.item.messageId)).toHaveLength(0)

    // Once the server searches again, it is not in Sent, so it goes, once.
    clock.advance(60 * 60_000)
    await outbox.runDue()
    expect(outbox.list({ accountId, includeSent: true }).find((r) => r.id === first.item.id)!.state).toBe(
      'sent'
    )
    expect(relayed(env.relay, first.item.messageId)).toHaveLength(1)
    expect(await countByMessageId(env.server, env.user('carol'), 'Sent', first.item.messageId)).toBe(1)
  }, 30_000)
})

describe('a login the IMAP server refuses for now (NO [UNAVAILABLE])', () => {
  it('is what the Outbox says, not that the server could not be reached', async () => {
    const { fixture, accountId } = await env.connect('dian', { imapPort: imapProxy.port })
    const refusal = imapProxy.refuse(
      /^\S+ (LOGIN|AUTHENTICATE) /i,
      'NO [UNAVAILABLE] Temporary authentication failure'
    )
    try {
      const error = await fixture.error('messages.send', mail(accountId, 'While the login is refused'))
      await refusal.refused(1)
      // Queued as if offline, and said so: not a failure to answer by sending it again.
      expect(error.code).toBe('SEND_DEFERRED')
      expect(error.message).toMatch(
        /temporarily refusing logins.*waits in the Outbox and goes out on its own/
      )
    } finally {
      refusal.stop()
    }
    const [row] = await fixture.call('outbox.list', { accountId })
    expect(row).toMatchObject({ state: 'queued', attempts: 0 })
    expect(row!.lastErrorCode).toBe('LOGIN_REFUSED_FOR_NOW')
    expect(row!.lastError).toMatch(/temporarily refusing logins/)
  })
})
