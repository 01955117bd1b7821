// Recipients the SMTP server refuses while it takes the message for the others, against a real
// Dovecot and a real SMTP relay: the message counts as sent to those it went to, and the refused
// ones get outbox rows of their own (retried, or failed with the server's words), which go out
// later without a second copy in Sent or in the thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { startSmtpRelay, type SmtpRelay } from '../support/smtp-relay'
import { accountInput, CoreFixture } from './fixtures/core-fixture'

let server: DovecotServer
let relay: SmtpRelay
const fixtures: CoreFixture[] = []
/** Addresses the relay refuses for now (452), until a test lets them through. */
const refusedForNow = new Set<string>()

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
      rcpt.startsWith('nobody')
        ? '5.1.1 No such user here'
        : refusedForNow.has(rcpt)
          ? { code: 452, message: '4.5.3 Too many recipients' }
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

async function connect(name: string) {
  const clock = new ManualClock(Date.now())
  const fixture = new CoreFixture({ clock })
  fixtures.push(fixture)
  const account = await fixture.call('accounts.add', {
    ...accountInput(server, relay.port, user(name)),
    skipVerify: true
  })
  const rows = async (messageId: string) =>
    (await fixture.call('outbox.list', { accountId: account.id, includeSent: true })).filter(
      (i) => i.messageId === messageId
    )
  return { fixture, clock, accountId: account.id, rows }
}

describe('recipients refused while the message went to the others', () => {
  it('sends to the accepted ones and keeps the refused ones: retried for now, failed for good, in the thread', async () => {
    const { fixture, clock, accountId, rows } = await connect('alice')
    refusedForNow.add('later@example.test')
    const result = await fixture.call('messages.send', {
      accountId,
      to: ['bob@example.test', 'nobody@example.test', 'later@example.test'],
      subject: 'Partly refused',
      text: 'Price list attached'
    })
    expect(relayed(result.messageId).map((m) => m.to)).toEqual([['bob@example.test']])
    expect(result.notSentTo).toEqual([
      {
        to: ['later@example.test'],
        state: 'retrying',
        reason: 'later@example.test: 452 4.5.3 Too many recipients'
      },
      {
        to: ['nobody@example.test'],
        state: 'failed',
        reason: 'nobody@example.test: 550 5.1.1 No such user here'
      }
    ])

    const [sent, later, nobody] = await rows(result.messageId)
    expect(sent).toMatchObject({ state: 'sent', to: ['bob@example.test'], lastError: null })
    expect(sent!.threadId).toBe(result.threadId)
    // A new conversation: its thread exists only once the message is stored, after these rows.
    expect(later).toMatchObject({
      state: 'queued',
      to: ['later@example.test'],
      subject: 'Partly refused',
      threadId: result.threadId,
      lastError: 'later@example.test: 452 4.5.3 Too many recipients'
    })
    expect(Date.parse(later!.retryAt!)).toBeGreaterThan(clock.now())
    expect(nobody).toMatchObject({
      state: 'failed',
      to: ['nobody@example.test'],
      threadId: result.threadId,
      lastError: 'nobody@example.test: 550 5.1.1 No such user here'
    })

    // Refused again on its own first try; after that, any try looks in Sent first... unless it is
    // such a row: the first copy is there, and would make it look sent.
    const tryAgain = async () => {
      const row = (await rows(result.messageId))[1]!
      clock.advance(Math.max(0, Date.parse(row.retryAt!) - clock.now()))
      await fixture.core.workspace.outbox.runDue()
    }
    await tryAgain()
    expect((await rows(result.messageId))[1]).toMatchObject({ state: 'queued', attempts: 1 })
    expect(relayed(result.messageId)).toHaveLength(1)

    // It goes once the server takes it, with no second copy in Sent or in the thread.
    refusedForNow.delete('later@example.test')
    await tryAgain()
    expect(relayed(result.messageId).map((m) => m.to)).toEqual([['bob@example.test'], ['later@example.test']])
    expect((await rows(result.messageId))[1]).toMatchObject({
      state: 'sent',
      threadId: result.threadId,
      sentFolder: 'Sent',
      lastError: null
    })
    expect(await countByMessageId(server, user('alice'), 'Sent', result.messageId)).toBe(1)
    const thread = await fixture.call('threads.get', { threadId: result.threadId })
    expect(thread.messages.filter((m) => m.messageId === result.messageId)).toHaveLength(1)

    // The failed one retries and deletes like any failed message.
    expect(await fixture.call('outbox.retry', { id: nobody!.id })).toMatchObject({ state: 'failed' })
    expect(relayed(result.messageId)).toHaveLength(2)
    expect(await fixture.call('outbox.delete', { id: nobody!.id })).toEqual({ deleted: true })
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
  })

  it('splits again when a row for refused recipients is itself partly refused', async () => {
    const { fixture, accountId, rows } = await connect('bob')
    refusedForNow.add('first@example.test').add('second@example.test')
    const result = await fixture.call('messages.send', {
      accountId,
      to: ['alice@example.test', 'first@example.test', 'second@example.test'],
      subject: 'Refused twice',
      text: 'x'
    })
    const [, waiting] = await rows(result.messageId)
    expect(waiting).toMatchObject({ state: 'queued', to: ['first@example.test', 'second@example.test'] })

    refusedForNow.delete('first@example.test')
    expect(await fixture.call('outbox.retry', { id: waiting!.id })).toMatchObject({
      state: 'sent',
      to: ['first@example.test'],
      threadId: result.threadId
    })
    const [, , again] = await rows(result.messageId)
    expect(again).toMatchObject({
      state: 'queued',
      to: ['second@example.test'],
      threadId: result.threadId,
      lastError: 'second@example.test: 452 4.5.3 Too many recipients'
    })

    refusedForNow.delete('second@example.test')
    expect(await fixture.call('outbox.retry', { id: again!.id })).toMatchObject({ state: 'sent' })
    expect(relayed(result.messageId).map((m) => m.to)).toEqual([
      ['alice@example.test'],
      ['first@example.test'],
      ['second@example.test']
    ])
    expect(await countByMessageId(server, user('bob'), 'Sent', result.messageId)).toBe(1)
  })
})
