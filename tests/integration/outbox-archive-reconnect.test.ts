// Mail the Outbox failed only because its mailbox was disconnected and kept as an archive, once
// the archive is signed in to again, against a real Dovecot and SMTP relay: it goes back in the
// queue (due mail goes, scheduled mail waits for its time), what the SMTP server refused keeps
// its error, and Retry on a failed message scheduled for later puts it back on its schedule.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { appendMessages } from '../support/dovecot'
import { relayed as relayedBy, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(
  ['alice', 'bob', 'carol'],
  {},
  {
    reject: (rcpt) => (rcpt.startsWith('nobody') ? '5.1.1 No such user here' : null)
  }
)
const relayed = (messageId: string) => relayedBy(env.relay, messageId)

const HOUR = 60 * 60_000

async function connect(name: string) {
  const clock = new ManualClock(Date.now())
  const { fixture, accountId } = await env.connect(name, { clock })
  await fixture.call('sync.run', { accountId })
  const send = (subject: string, sendAt?: number) =>
    fixture.call('outbox.send', {
      accountId,
      to: ['bob@example.test'],
      subject,
      text: `${subject}: body`,
      ...(sendAt === undefined ? {} : { sendAt: new Date(sendAt).toISOString() })
    })
  const row = async (id: number) =>
    (await fixture.call('outbox.list', { accountId, includeSent: true })).find((r) => r.id === id)!
  /** Signs in to the archive again, and the pass real time runs then. */
  const reconnect = async () => {
    const password = env.user(name).password
    expect(await fixture.call('accounts.setPassword', { accountId, password })).toMatchObject({
      state: 'active'
    })
    await fixture.call('sync.run', { accountId })
  }
  return { fixture, accountId, clock, send, row, reconnect }
}

describe('an archived mailbox signed in to again', () => {
  it('sends the mail that failed only because of the archive: due mail now, scheduled mail at its time', async () => {
    const { fixture, accountId, clock, send, row, reconnect } = await connect('alice')
    // In its undo window when the mailbox is archived; scheduled for a time passed by the
    // reconnect; scheduled for a time still ahead then.
    const { item: undoWindow } = await send('In the undo window')
    const { item: overdue } = await send('Scheduled, overdue by then', clock.now() + HOUR)
    const { item: ahead } = await send('Scheduled, still ahead', clock.now() + 3 * HOUR)
    // Refused by the SMTP server before the archive: its error stays, and it waits for Retry.
    const refused = await fixture.error('messages.send', {
      accountId,
      to: ['nobody@example.test'],
      subject: 'Refused',
      text: 'No such user.'
    })
    expect(refused.code).toBe('SEND_FAILED')
    const [refusedRow] = (await fixture.call('outbox.list', { accountId })).filter(
      (r) => r.subject === 'Refused'
    )

    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    for (const id of [undoWindow.id, overdue.id, ahead.id])
      expect(await row(id)).toMatchObject({ state: 'failed', lastErrorCode: 'ACCOUNT_ARCHIVED' })

    clock.advance(2 * HOUR)
    await reconnect()

    for (const item of [undoWindow, overdue]) {
      expect(await row(item.id)).toMatchObject({ state: 'sent', lastError: null })
      expect(relayed(item.messageId)).toHaveLength(1)
    }
    // Back on its schedule, not sent early, and no longer saying the mailbox is archived.
    expect(await row(ahead.id)).toMatchObject({ state: 'scheduled', lastError: null, lastErrorCode: null })
    expect(relayed(ahead.messageId)).toHaveLength(0)
    expect(await row(refusedRow!.id)).toMatchObject({ state: 'failed', lastErrorCode: 'SEND_FAILED' })
    expect((await row(refusedRow!.id)).lastError).toMatch(/No such user here/)

    clock.advance(HOUR)
    await fixture.core.workspace.outbox.runDue()
    expect(await row(ahead.id)).toMatchObject({ state: 'sent' })
    expect(relayed(ahead.messageId)).toHaveLength(1)
    expect(relayed(refusedRow!.messageId)).toHaveLength(0)
  })

  it('looks in Sent first for a message that was mid-send when archived, and does not send it twice', async () => {
    const { fixture, accountId, clock, send, row, reconnect } = await connect('bob')
    const { item } = await send('Mid-send when archived')
    // What a quit in the middle of its attempt leaves (outbox-crash.test.ts): the row sending,
    // due a look in Sent. The server had taken it and filed it in Sent itself (Gmail does).
    const db = fixture.core.workspace.db
    db.prepare("UPDATE outbox SET state = 'sending', attempts = 1, sent_check_due = 1 WHERE id = ?").run(
      item.id
    )
    const raw = fixture.core.workspace.outbox.repo.raw(item.id)!
    const bob = env.user('bob')
    await appendMessages(env.server, bob.user, bob.password, 'Sent', [{ raw, flags: ['\\Seen'] }])

    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    expect(await row(item.id)).toMatchObject({ state: 'failed', lastErrorCode: 'ACCOUNT_ARCHIVED' })
    clock.advance(HOUR)
    await reconnect()

    expect(await row(item.id)).toMatchObject({ state: 'sent', sentFolder: 'Sent' })
    expect(relayed(item.messageId)).toHaveLength(0)
  })
})

describe('Retry on a failed message scheduled for later', () => {
  it('puts it back on its schedule, where Send now sends it at once', async () => {
    const { fixture, clock, send, row } = await connect('carol')
    const { item: retried } = await send('Retried', clock.now() + 2 * HOUR)
    const { item: sentNow } = await send('Sent now', clock.now() + 2 * HOUR)
    // Failed while its time is still ahead, as an archive reconnected before Rapport put such
    // mail back in the queue left it.
    fixture.core.workspace.db
      .prepare(
        "UPDATE outbox SET state = 'failed', last_error = 'Not sent: archived.', last_error_code = 'ACCOUNT_ARCHIVED' WHERE id IN (?, ?)"
      )
      .run(retried.id, sentNow.id)

    const after = await fixture.call('outbox.retry', { id: retried.id })
    expect(after).toMatchObject({ state: 'scheduled', lastError: null, sendAt: retried.sendAt })
    expect(relayed(retried.messageId)).toHaveLength(0)
    expect(await fixture.call('outbox.sendNow', { id: sentNow.id })).toMatchObject({ state: 'sent' })
    expect(relayed(sentNow.messageId)).toHaveLength(1)

    clock.advance(2 * HOUR)
    await fixture.core.workspace.outbox.runDue()
    expect(await row(retried.id)).toMatchObject({ state: 'sent' })
    expect(relayed(retried.messageId)).toHaveLength(1)
  })
})
