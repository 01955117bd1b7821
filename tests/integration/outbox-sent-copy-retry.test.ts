// A Sent copy the server refuses for now is saved later without the user, against a real Dovecot
// with a storage quota and a real SMTP relay into it: the mailbox is full when the message goes,
// the user makes room elsewhere (as in webmail), and the copy lands in Sent on its own.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { appendMessages } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const QUOTA = 100_000
const env = useOutboxServer(['gita', 'hadi', 'ina', 'joko'], { quota: QUOTA })

/** One message that fills the mailbox to 50 bytes under its quota. */
const filler = (): string => {
  const head =
    'From: bulk@example.test\r\nTo: gita@example.test\r\nSubject: Big\r\nMessage-ID: <big@example.test>\r\n\r\n'
  return head + 'x'.repeat(QUOTA - 50 - head.length)
}

/** A core for `name` that sent one message while its mailbox was full: the copy was refused. */
async function sentWhileFull(name: string, text: string) {
  const user = env.user(name)
  await env.server.doveadm(['mailbox', 'create', '-u', name, 'Sent'])
  await appendMessages(env.server, user.user, user.password, 'INBOX', [filler()])
  const clock = new ManualClock(Date.now())
  const { fixture, accountId } = await env.connect(name, { clock })
  await fixture.call('sync.run', { accountId })
  const sent = await fixture.call('messages.send', {
    accountId,
    to: ['client@example.test'],
    subject: 'Quote for March',
    text
  })
  // It went; only the copy was refused, in the server's words.
  expect(relayed(env.relay, sent.messageId)).toHaveLength(1)
  expect(sent.sentCopyError).toMatch(/quota/i)
  /** The user makes room, as in webmail. */
  const makeRoom = () => env.server.doveadm(['expunge', '-u', name, 'mailbox', 'INBOX', 'all'])
  return { user, clock, fixture, accountId, sent, makeRoom }
}

describe('a Sent copy refused because the mailbox is full', () => {
  it('is saved on its own once there is room, at the planned time and not before', async () => {
    const { user, clock, fixture, accountId, sent, makeRoom } = await sentWhileFull(
      'gita',
      'The figures are attached in the next mail.'
    )
    const [waiting] = await fixture.call('outbox.list', { accountId })
    expect(waiting).toMatchObject({ messageId: sent.messageId, state: 'sent' })
    expect(waiting!.sentCopyRetryAt).toBe(new Date(clock.now() + 60_000).toISOString())

    // Still full at the planned time: refused again, and planned further off.
    clock.advance(60_000)
    await fixture.core.workspace.outbox.runDue()
    const [again] = await fixture.call('outbox.list', { accountId })
    expect(again!.sentCopyError).toMatch(/quota/i)
    expect(again!.sentCopyRetryAt).toBe(new Date(clock.now() + 5 * 60_000).toISOString())

    // Room is made. Nothing is tried before the planned time…
    await makeRoom()
    await fixture.core.workspace.outbox.runDue()
    expect(await countByMessageId(env.server, user, 'Sent', sent.messageId)).toBe(0)
    // …and at it, the copy is saved: once, shown in Sent, and the Outbox is empty.
    clock.advance(5 * 60_000)
    await fixture.core.workspace.outbox.runDue()
    expect(await countByMessageId(env.server, user, 'Sent', sent.messageId)).toBe(1)
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
    const thread = await fixture.call('threads.get', { threadId: sent.threadId })
    const stored = thread.messages.filter((m) => m.messageId === sent.messageId)
    expect(stored.map((m) => m.folder)).toEqual(['Sent'])
    // The message went once; saving its copy did not send it again.
    expect(relayed(env.relay, sent.messageId)).toHaveLength(1)
  })

  it('is tried again by the pass that follows a sync, not only by the timer', async () => {
    const { user, clock, fixture, accountId, sent, makeRoom } = await sentWhileFull('hadi', 'hi')
    await makeRoom()
    clock.advance(60_000)
    await fixture.call('sync.run', { accountId })
    expect(await countByMessageId(env.server, user, 'Sent', sent.messageId)).toBe(1)
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
  })

  it('waits a minute when the server cannot be reached at the planned time, rather than trying again at once', async () => {
    const { clock, fixture, accountId } = await sentWhileFull('ina', 'hi')
    const ws = fixture.core.workspace
    // The mailbox is out of reach (a closed port stands in for a lost network).
    ws.db.prepare('UPDATE accounts SET imap_port = 1 WHERE id = ?').run(accountId)
    clock.advance(60_000)
    await ws.outbox.runDue()
    const [row] = await fixture.call('outbox.list', { accountId })
    // Not counted as refused (the next refusal still waits 5 minutes), and the timer sleeps.
    expect(row!.sentCopyRetryAt).toBe(new Date(clock.now() + 60_000).toISOString())
    expect(ws.outbox.repo.find(row!.id)!.sentCopyAttempts).toBe(1)
    expect(ws.outbox.nextWake).toBe(clock.now() + 60_000)
  })

  it('wakes for the try a refused Save the copy again plans', async () => {
    const { clock, fixture, accountId } = await sentWhileFull('joko', 'hi')
    const ws = fixture.core.workspace
    // As after a refusal that planned nothing (no code, or all tries used): it waits for Retry.
    ws.db.prepare('UPDATE outbox SET sent_copy_retry_at = NULL WHERE account_id = ?').run(accountId)
    ws.outbox.arm()
    expect(ws.outbox.nextWake).toBeNull()
    const [item] = await fixture.call('outbox.list', { accountId })
    const after = await fixture.call('outbox.retry', { id: item!.id })
    expect(after.sentCopyError).toMatch(/quota/i)
    // The second refusal: 5 minutes, and the scheduler wakes then without a sync pass.
    expect(after.sentCopyRetryAt).toBe(new Date(clock.now() + 5 * 60_000).toISOString())
    expect(ws.outbox.nextWake).toBe(clock.now() + 5 * 60_000)
  })
})
