// The copy of sent mail in the server's Sent folder, against a real Dovecot (with folder rights,
// and without folders it would create on its own) and a real SMTP relay into it: a Sent folder
// deleted on the server, and one the server will not let Rapport add to.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { freePorts } from '../support/dovecot'
import { countByMessageId, flagsByMessageId } from '../support/imap-probe'
import { startSmtpRelay } from '../support/smtp-relay'
import type { OutboxItem } from '../../src-preload/contract'
import type { CoreFixture } from './fixtures/core-fixture'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['amira', 'bagus', 'citra', 'dimas', 'eka', 'fajar', 'gita'], {
  acl: true,
  autoFolders: false
})

/**
 * A core for `name` whose first try at each message found nothing answering on the SMTP port;
 * then the relay that answers there now. `meanwhile` runs before the tries, after the first sync.
 */
async function triedOffline(
  name: string,
  subjects: string[],
  meanwhile: (fixture: CoreFixture, accountId: number) => Promise<void> = async () => undefined
) {
  const [port] = await freePorts(1)
  const clock = new ManualClock(Date.now())
  const { fixture, accountId } = await env.connect(name, { smtpPort: port!, clock })
  await fixture.call('sync.run', { accountId })
  await meanwhile(fixture, accountId)
  for (const subject of subjects) {
    const error = await fixture.error('messages.send', {
      accountId,
      to: ['client@example.test'],
      subject,
      text: 'hi'
    })
    expect(error.code).toBe('HOST_UNREACHABLE')
  }
  const late = await startSmtpRelay({ lmtpHost: env.server.host, lmtpPort: env.server.lmtpPort, port })
  const queued = await fixture.call('outbox.list', { accountId })
  expect(queued.map((q) => [q.subject, q.state, q.attempts])).toEqual(subjects.map((s) => [s, 'queued', 1]))
  return { fixture, accountId, clock, late, queued }
}

/**
 * The row as a crash in the middle of an attempt leaves it: "sending", and it may have gone, so
 * the next attempt must look in Sent first. (Real crashes are in outbox-crash.test.ts.)
 */
const asIfCrashedWhileSending = (fixture: CoreFixture, id: number) =>
  fixture.core.workspace.db
    .prepare("UPDATE outbox SET state = 'sending', sent_check_due = 1, retry_at = NULL WHERE id = ?")
    .run(id)

describe('a Sent folder deleted on the server', () => {
  it('does not leave a retried message stuck "sending", with the mail behind it unsent', async () => {
    await env.server.doveadm(['mailbox', 'create', '-u', 'amira', 'Sent'])
    // The user deletes Sent in webmail, and this server does not make it again.
    const deleteSent = async (fixture: CoreFixture, accountId: number) => {
      await env.server.doveadm(['mailbox', 'delete', '-u', 'amira', 'Sent'])
      await fixture.call('sync.run', { accountId })
    }
    const { fixture, accountId, late, queued } = await triedOffline('amira', ['First'], deleteSent)
    try {
      asIfCrashedWhileSending(fixture, queued[0]!.id)
      await fixture.call('sync.run', { accountId })
      const [after] = await fixture.call('outbox.list', { accountId, includeSent: true })
      // Sent cannot be searched (it is gone), which must not hold the message for ever.
      expect(after).toMatchObject({ state: 'sent', sentFolder: null })
      expect(relayed(late, queued[0]!.messageId)).toHaveLength(1)
    } finally {
      await late.stop()
    }
  })

  it('does not hold it either when Sent went after Rapport last listed the folders', async () => {
    await env.server.doveadm(['mailbox', 'create', '-u', 'fajar', 'Sent'])
    const { fixture, late, queued } = await triedOffline('fajar', ['First'])
    try {
      // Rapport still takes Sent to be there: the look finds it gone, which is not "cannot look".
      await env.server.doveadm(['mailbox', 'delete', '-u', 'fajar', 'Sent'])
      asIfCrashedWhileSending(fixture, queued[0]!.id)
      await fixture.core.workspace.outbox.kick(queued[0]!.accountId)
      const [after] = await fixture.call('outbox.list', {
        accountId: queued[0]!.accountId,
        includeSent: true
      })
      expect(after).toMatchObject({ state: 'sent', sentFolder: null })
      expect(after!.sentCopyError).toMatch(/doesn't exist/i)
      expect(relayed(late, queued[0]!.messageId)).toHaveLength(1)
    } finally {
      await late.stop()
    }
  })
})

describe('a Sent folder the server will not let Rapport add to', () => {
  it('lists the sent message with the server’s words, and saves the copy once it may', async () => {
    // Sent exists, marked \Sent; its owner may read it but not add mail to it.
    await env.server.doveadm(['mailbox', 'create', '-u', 'bagus', 'Sent'])
    await env.server.setFolderRights('bagus', 'Sent', 'lrs')
    const { fixture, accountId } = await env.connect('bagus')
    const send = (subject: string) =>
      fixture.call('messages.send', { accountId, to: ['amira@example.test'], subject, text: 'hi' })
    const sent = await send('Quote')
    expect(relayed(env.relay, sent.messageId)).toHaveLength(1)
    expect(sent.sentFolder).toBeNull()
    expect(sent.sentCopyError).toMatch(/^Permission denied/)
    expect(await countByMessageId(env.server, env.user('bagus'), 'Sent', sent.messageId)).toBe(0)

    // Not dropped with a line in a log: the Outbox lists it, sent, with why there is no copy.
    const [listed] = await fixture.call('outbox.list', { accountId })
    expect(listed).toMatchObject({ messageId: sent.messageId, state: 'sent' })
    expect(listed!.sentCopyError).toMatch(/^Permission denied/)
    // Retry while the server still refuses: the same row, with the server's latest words.
    const again = await fixture.call('outbox.retry', { id: listed!.id })
    expect(again.sentCopyError).toMatch(/^Permission denied/)

    await env.server.setFolderRights('bagus', 'Sent', 'lrswipkxtea')
    const saved = await fixture.call('outbox.retry', { id: listed!.id })
    expect(saved).toMatchObject({ state: 'sent', sentCopyError: null, sentFolder: 'Sent' })
    expect(await countByMessageId(env.server, env.user('bagus'), 'Sent', sent.messageId)).toBe(1)
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
    // Shown in Sent at once, and the next pass finds it there rather than storing it again.
    await fixture.call('sync.run', { accountId })
    const thread = await fixture.call('threads.get', { threadId: sent.threadId })
    expect(thread.messages.filter((m) => m.messageId === sent.messageId)).toHaveLength(1)
    expect(thread.messages.find((m) => m.messageId === sent.messageId)!.folder).toBe('Sent')

    // Refused again for the next message, and let go (Delete): it leaves the Outbox, still sent.
    await env.server.setFolderRights('bagus', 'Sent', 'lrs')
    const next = await send('Follow-up')
    const [refused] = await fixture.call('outbox.list', { accountId })
    expect(refused).toMatchObject({ messageId: next.messageId, state: 'sent' })
    expect(await fixture.call('outbox.delete', { id: refused!.id })).toEqual({ deleted: true })
    expect(await fixture.call('outbox.list', { accountId })).toEqual([])
    const history = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(history.find((r) => r.id === refused!.id)).toMatchObject({ state: 'sent', sentCopyError: null })
  })

  it('says there is no Sent folder now with a code, so the Outbox says it in the user’s language', async () => {
    await env.server.doveadm(['mailbox', 'create', '-u', 'citra', 'Sent'])
    await env.server.setFolderRights('citra', 'Sent', 'lrs')
    const { fixture, accountId } = await env.connect('citra')
    const sent = await fixture.call('messages.send', {
      accountId,
      to: ['dimas@example.test'],
      subject: 'Hi',
      text: 'hi'
    })
    expect(relayed(env.relay, sent.messageId)).toHaveLength(1)
    const [listed] = await fixture.call('outbox.list', { accountId })
    expect(listed!.sentCopyError).toMatch(/Permission denied/)

    await env.server.setFolderRights('citra', 'Sent', 'lrswipkxtea')
    await env.server.doveadm(['mailbox', 'delete', '-u', 'citra', 'Sent'])
    await fixture.call('sync.run', { accountId })
    const again = await fixture.call('outbox.retry', { id: listed!.id })
    // Rapport's own words, not the server's: the code lets the renderer translate them.
    expect(again.sentCopyError).toMatch(/no Sent folder/)
    expect(again.sentCopyErrorCode).toBe('NO_SENT_FOLDER')
  })
})

/** Copies in a folder the user may not read, counted by the server's admin tool. */
const countAsAdmin = async (user: string, folder: string, messageId: string) =>
  (await env.server.doveadm(['search', '-u', user, 'mailbox', folder, 'header', 'Message-ID', messageId]))
    .split('\n')
    .filter((line) => line.trim() !== '').length

describe('a Sent folder the mailbox may add to but not read', () => {
  it('does not send again blind what may have gone: it asks, sends on Retry, and mail behind it goes', async () => {
    await env.server.doveadm(['mailbox', 'create', '-u', 'eka', 'Sent'])
    await env.server.setFolderRights('eka', 'Sent', 'li')
    const { fixture, accountId, late, queued } = await triedOffline('eka', ['Unreached', 'Cut short'])
    const [unreached, cutShort] = queued as [OutboxItem, OutboxItem]
    try {
      // Its try reached no server, so it did not go: it goes without a look in Sent, and its
      // copy is added there (the right to add is all it takes).
      expect(await fixture.call('outbox.sendNow', { id: unreached.id })).toMatchObject({
        state: 'sent',
        sentFolder: 'Sent'
      })
      expect(relayed(late, unreached.messageId)).toHaveLength(1)
      expect(await countAsAdmin('eka', 'Sent', unreached.messageId)).toBe(1)

      // Its try was cut short by a crash, and Sent cannot be opened to look: not sent again,
      // and not left "sending" in front of the mail behind it either.
      asIfCrashedWhileSending(fixture, cutShort.id)
      await fixture.call('sync.run', { accountId })
      const [asked] = await fixture.call('outbox.list', { accountId })
      expect(asked).toMatchObject({ id: cutShort.id, state: 'failed', lastErrorCode: 'SENT_UNREADABLE' })
      expect(asked!.lastError).toMatch(/Permission denied\.\)/)
      expect(relayed(late, cutShort.messageId)).toHaveLength(0)
      const next = await fixture.call('messages.send', {
        accountId,
        to: ['amira@example.test'],
        subject: 'Next',
        text: 'hi'
      })
      expect(relayed(late, next.messageId)).toHaveLength(1)

      // The user's Retry is the answer: it goes once, and its copy is added to Sent.
      const retried = await fixture.call('outbox.retry', { id: cutShort.id })
      expect(retried).toMatchObject({ state: 'sent', sentFolder: 'Sent', sentCopyError: null })
      expect(relayed(late, cutShort.messageId)).toHaveLength(1)
      expect(await countAsAdmin('eka', 'Sent', cutShort.messageId)).toBe(1)
      expect(await fixture.call('outbox.list', { accountId })).toEqual([])
    } finally {
      await late.stop()
    }
  })
})

describe('a sent message whose Sent copy was refused, flagged by the user, then saved by Retry', () => {
  it('keeps the flag, in Rapport and on the copy', async () => {
    await env.server.doveadm(['mailbox', 'create', '-u', 'gita', 'Sent'])
    await env.server.setFolderRights('gita', 'Sent', 'lrs')
    const { fixture, accountId } = await env.connect('gita')
    const sent = await fixture.call('messages.send', {
      accountId,
      to: ['amira@example.test'],
      subject: 'Quote',
      text: 'hi'
    })
    expect(sent.sentCopyError).toMatch(/^Permission denied/)
    const thread = await fixture.call('threads.get', { threadId: sent.threadId })
    const mine = thread.messages.find((m) => m.messageId === sent.messageId)!
    await fixture.call('messages.setFlags', { messageIds: [mine.id], flagged: true })
    await fixture.call('sync.run', { accountId })
    await env.server.setFolderRights('gita', 'Sent', 'lrswipkxtea')
    const [listed] = await fixture.call('outbox.list', { accountId })
    await fixture.call('outbox.retry', { id: listed!.id })
    await fixture.call('sync.run', { accountId })
    const after = await fixture.call('threads.get', { threadId: sent.threadId })
    const shown = after.messages.find((m) => m.id === mine.id)!
    expect(shown.folder).toBe('Sent')
    expect(shown.flags).toContain('\\Flagged')
    expect(await flagsByMessageId(env.server, env.user('gita'), 'Sent', sent.messageId)).toContain(
      '\\Flagged'
    )
  })
})
