// Outbox rows whose mailbox is lost, archived or paused, against a real Dovecot and a real SMTP
// relay: a message the SMTP server took before the mailbox went offline, and the reasons shown.
import { afterAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { appendMessages } from '../support/dovecot'
import { countByMessageId, flagsByMessageId } from '../support/imap-probe'
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy'
import { accountInput, CoreFixture } from './fixtures/core-fixture'
import { relayed as relayedBy, useOutboxServer } from './fixtures/outbox-server'

/** Runs once, inside the relay, after it delivered a message and before it answers 250. */
let onNextAccept: (() => Promise<void>) | null = null
const env = useOutboxServer(
  ['alice', 'carol', 'dave', 'erin', 'frank', 'hana'],
  {},
  {
    onAccepted: async () => {
      const hook = onNextAccept
      onNextAccept = null
      await hook?.()
    }
  }
)
const fixtures: CoreFixture[] = []
const proxies: SwitchableProxy[] = []

afterAll(async () => {
  for (const f of fixtures) f.close()
  for (const p of proxies) await p.close()
})

const relayed = (messageId: string) => relayedBy(env.relay, messageId)

/** A core with the user's account, IMAP through a switchable proxy, SMTP straight to the relay. */
async function connectThroughImapProxy(name: string) {
  const clock = new ManualClock(Date.now())
  const fixture = new CoreFixture({ clock })
  fixtures.push(fixture)
  const imap = await startSwitchableProxy({ host: env.server.host, port: env.server.imapPort })
  proxies.push(imap)
  const input = accountInput(env.server, env.relay.port, env.user(name))
  const account = await fixture.call('accounts.add', {
    ...input,
    imap: { ...input.imap, port: imap.port },
    skipVerify: true
  })
  return { fixture, accountId: account.id, imap, clock }
}

describe('messages.send when the IMAP connection is lost between the SMTP 250 and the Sent copy', () => {
  it('reports the message as sent (it reached its recipients), not as waiting to go out', async () => {
    const { fixture, accountId, imap } = await connectThroughImapProxy('alice')
    await fixture.call('sync.run', { accountId })
    // The network drops right as the SMTP server takes the message: IMAP is gone for the copy.
    onNextAccept = () => imap.offline()
    const response = await fixture.core.dispatch('messages.send', {
      accountId,
      to: ['bob@example.test'],
      subject: 'Accepted, then offline',
      text: 'The quote you asked for.'
    })
    const [row] = await fixture.call('outbox.list', { accountId, includeSent: true })
    // The relay has it: the recipients got it.
    expect(relayed(row!.messageId)).toHaveLength(1)
    // A script (rapport send) or the user told "it waits in the Outbox and goes out on its own"
    // for mail already delivered sends it again: a duplicate.
    expect(response.ok ? 'ok' : `${response.error.code}: ${response.error.message}`).toBe('ok')
    if (!response.ok) return
    const sendResult = response.value as { threadId: number }
    expect(sendResult).toMatchObject({ sentFolder: null, sentCopyError: null, sentCopyPending: true })
    // Its conversation shows it while the mailbox is offline.
    const offline = await fixture.call('threads.get', { threadId: sendResult.threadId })
    expect(offline.messages.map((m) => m.messageId)).toContain(row!.messageId)

    // Back online, the copy lands in Sent once, and the message is sent once.
    await imap.online()
    await fixture.call('sync.run', { accountId })
    expect(await countByMessageId(env.server, env.user('alice'), 'Sent', row!.messageId)).toBe(1)
    expect(relayed(row!.messageId)).toHaveLength(1)
    const [sent] = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(sent).toMatchObject({ state: 'sent', sentFolder: 'Sent', sentCopyError: null })
    expect(sent!.threadId).toBe(sendResult.threadId)
    const thread = await fixture.call('threads.get', { threadId: sent!.threadId! })
    expect(thread.messages.filter((m) => m.messageId === row!.messageId)).toHaveLength(1)
  })
})

describe('a mailbox disconnected and kept as an archive', () => {
  it('does not leave a message its SMTP server took showing "sending" for ever, with nothing to do about it', async () => {
    const { fixture, accountId, imap } = await connectThroughImapProxy('carol')
    await fixture.call('sync.run', { accountId })
    onNextAccept = () => imap.offline()
    await fixture.core.dispatch('messages.send', {
      accountId,
      to: ['bob@example.test'],
      subject: 'Accepted, then archived',
      text: 'See you Monday.'
    })
    const [accepted] = await fixture.call('outbox.list', { accountId })
    expect(relayed(accepted!.messageId)).toHaveLength(1)
    expect(accepted!.state).toBe('sending')

    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    const [after] = await fixture.call('outbox.list', { accountId, includeSent: true })
    // The archive can never finish it: "sending" would stay for ever, and neither Delete nor
    // Retry is offered for (or accepted on) a message being sent.
    expect(after!.state).not.toBe('sending')
    const dismissed = await fixture.core.dispatch('outbox.delete', { id: after!.id })
    expect(dismissed.ok).toBe(true)
  })
})

describe('a mailbox paused for "sign in again"', () => {
  it('says why its mail waits (sign in again), not that the server could not be reached', async () => {
    const { fixture, accountId } = await connectThroughImapProxy('dave')
    await fixture.call('sync.run', { accountId })
    // The password was changed elsewhere: a pass paused the account.
    fixture.core.workspace.accounts.setState(accountId, 'needs-signin', 'The server refused the password.')
    const error = await fixture.error('messages.send', {
      accountId,
      to: ['bob@example.test'],
      subject: 'While paused',
      text: 'Hello'
    })
    expect(error.code).toBe('AUTH_FAILED')
    const [waiting] = await fixture.call('outbox.list', { accountId })
    expect(waiting!.state).toBe('queued')
    // The Outbox shows Rapport's own reasons by their code, in the user's language:
    // HOST_UNREACHABLE reads "Could not reach the server. Check the host name and port, and your
    // internet connection." for an account that only needs its password again.
    expect(waiting!.lastErrorCode).toBe('AUTH_FAILED')
  })
})

/**
 * The user's mailbox: a message its SMTP server took just before the IMAP connection was lost,
 * starred by the user while offline; `meanwhile` runs before it is back online; then two passes.
 * The message as Rapport shows it then, and its flags on the server's Sent copy.
 */
async function starredWhileItsCopyWaits(name: string, meanwhile: (messageId: string) => Promise<void>) {
  const { fixture, accountId, imap } = await connectThroughImapProxy(name)
  await fixture.call('sync.run', { accountId })
  onNextAccept = () => imap.offline()
  const sent = await fixture.call('messages.send', {
    accountId,
    to: ['bob@example.test'],
    subject: 'Follow up on this',
    text: 'The quote you asked for.'
  })
  expect(sent.sentCopyPending).toBe(true)
  const thread = await fixture.call('threads.get', { threadId: sent.threadId })
  const mine = thread.messages.find((m) => m.messageId === sent.messageId)!
  // Offline, the user stars it to follow up: the flag change finds no copy on the server.
  await fixture.call('messages.setFlags', { messageIds: [mine.id], flagged: true })
  await meanwhile(sent.messageId)
  await imap.online()
  await fixture.call('sync.run', { accountId })
  await fixture.call('sync.run', { accountId })
  const after = await fixture.call('threads.get', { threadId: sent.threadId })
  expect(await fixture.call('tasks.list', { accountId })).toEqual([])
  return {
    shown: after.messages.find((m) => m.id === mine.id)!,
    onServer: await flagsByMessageId(env.server, env.user(name), 'Sent', sent.messageId)
  }
}

describe('a sent message starred while its Sent copy waits', () => {
  it('keeps the star once Rapport saves the copy', async () => {
    const { shown, onServer } = await starredWhileItsCopyWaits('erin', async () => undefined)
    expect(shown.folder).toBe('Sent')
    expect(shown.flags).toContain('\\Flagged')
    expect(onServer).toContain('\\Flagged')
  })

  it('keeps the star when the server filed the copy itself (Gmail does)', async () => {
    const { shown, onServer } = await starredWhileItsCopyWaits('hana', async (messageId) => {
      const hana = env.user('hana')
      const raw = relayed(messageId)[0]!.raw
      await appendMessages(env.server, hana.user, hana.password, 'Sent', [{ raw, flags: ['\\Seen'] }])
    })
    expect(shown.folder).toBe('Sent')
    expect(shown.flags).toContain('\\Flagged')
    expect(onServer).toContain('\\Flagged')
  })
})

describe('a message its SMTP server took, in no conversation yet, when the mailbox is archived', () => {
  it('goes into its conversation as the row becomes sent', async () => {
    const { fixture, accountId } = await connectThroughImapProxy('frank')
    await fixture.call('sync.run', { accountId })
    const { item } = await fixture.call('outbox.send', {
      accountId,
      to: ['bob@example.test'],
      subject: 'Taken, then the app was killed',
      text: 'The signed contract.',
      sendAt: new Date(Date.now() + 3_600_000).toISOString()
    })
    // What a kill just after the server's 250 leaves (outbox-crash.test.ts 'accepted'): the row
    // accepted, nothing stored.
    fixture.core.workspace.db.prepare("UPDATE outbox SET state = 'accepted' WHERE id = ?").run(item.id)
    await fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    const [row] = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(row).toMatchObject({ state: 'sent' })
    expect(row!.threadId).not.toBeNull()
    const thread = await fixture.call('threads.get', { threadId: row!.threadId! })
    expect(thread.messages.map((m) => m.messageId)).toContain(row!.messageId)
  })
})
