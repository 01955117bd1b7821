// A folder the server renumbers (a new UIDVALIDITY) holding mail without a Message-ID (old system
// mail, some automated senders): the re-match by Message-ID cannot find that mail, so it is
// fetched again, and nothing may leave it behind, shown as deleted while the server has it.
import { describe, expect, it } from 'vitest'
import { appendMessages, type MailUser } from '../support/dovecot'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { expunge, otherClient } from './fixtures/server-mailbox'
import { FAST } from './fixtures/sync-mailbox'

const { server, accountOf } = useSeededAccounts()

/** A user whose INBOX holds `count` messages; those at the `anonymous` positions have no Message-ID. */
async function userWith(name: string, count: number, anonymous: (i: number) => boolean): Promise<MailUser> {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server().addUser(user.user, user.password)
  const raws = Array.from({ length: count }, (_, i) =>
    [
      `From: ${anonymous(i) ? 'robot' : 'client'}@example.test`,
      `To: ${name}@example.test`,
      `Subject: message ${i}`,
      `Date: Mon, 1 Jan 2024 10:${String(i).padStart(2, '0')}:00 +0000`,
      ...(anonymous(i) ? [] : [`Message-ID: <${name}-${i}@client.test>`]),
      '',
      `body ${i}`
    ].join('\r\n')
  )
  await appendMessages(server(), user.user, user.password, 'INBOX', raws)
  return user
}

function counts(fixture: CoreFixture, accountId: number, folderId: number) {
  const db = fixture.core.workspace.db
  const one = (sql: string, id: number) => (db.prepare(sql).get(id) as { n: number }).n
  return {
    inFolder: one(
      `SELECT count(*) AS n FROM message_locations l JOIN folders f ON f.id = l.folder_id
       WHERE l.folder_id = ? AND l.uid_validity = f.uid_validity`,
      folderId
    ),
    markedDeleted: one(
      'SELECT count(*) AS n FROM messages WHERE account_id = ? AND deleted_on_server = 1',
      accountId
    )
  }
}

describe('a folder the server renumbers', () => {
  it('fetches the mail it cannot match again even when the pass that found it was cut short', async () => {
    const user = await userWith('nico', 10, (i) => [3, 5, 7].includes(i))
    const proxy = await startTcpProxy({ host: server().host, port: server().imapPort })
    const fixture = new CoreFixture()
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      expect(counts(fixture, accountId, inbox.id)).toEqual({ inFolder: 10, markedDeleted: 0 })

      await server().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '5151', 'INBOX'])
      // The pass matches seven by Message-ID, records the renumbering, and is cut while it
      // downloads the other three (a quit or a crash would leave the same).
      const cut = proxy.cutMidFetch(1)
      expect(await fixture.error('sync.run', { accountId })).toMatchObject({ code: 'HOST_UNREACHABLE' })
      await cut
      await fixture.call('sync.run', { accountId })
      expect(counts(fixture, accountId, inbox.id)).toEqual({ inFolder: 10, markedDeleted: 0 })
    } finally {
      fixture.close()
      await proxy.close()
    }
  })

  it('offers "Sync older mail" again after a finished one, for the older mail it cannot match', async () => {
    const user = await userWith('olive', 30, () => true)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('all older mail', () => fixture.backfillOf(accountId, inbox.id).state === 'done')
      expect(counts(fixture, accountId, inbox.id).inFolder).toBe(30)

      await server().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '4242', 'INBOX'])
      await fixture.call('sync.run', { accountId })
      // The newest ten again (the window), the twenty older ones waiting for "Sync older mail".
      expect(counts(fixture, accountId, inbox.id).inFolder).toBe(10)
      expect(fixture.backfillOf(accountId, inbox.id).state).toBe('idle')
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor(
        'all older mail again',
        () => fixture.backfillOf(accountId, inbox.id).state === 'done'
      )
      expect(counts(fixture, accountId, inbox.id)).toEqual({ inFolder: 30, markedDeleted: 0 })
    } finally {
      fixture.close()
    }
  })

  it('keeps the import window full on the pass that matches the folder again', async () => {
    // UIDs 1-30, the window is the newest ten (21-30), and 22 has no Message-ID.
    const user = await userWith('pia', 30, (i) => i === 21)
    const fixture = new CoreFixture()
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
      await fixture.call('sync.run', { accountId })
      const inbox = await fixture.folder(accountId, 'INBOX')
      expect(counts(fixture, accountId, inbox.id).inFolder).toBe(10)
      // Another program deletes the three newest, then the server renumbers the folder: the
      // window takes three older messages in, on this pass, not only on the next.
      await expunge(other, 'INBOX', '28:30')
      await server().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '6161', 'INBOX'])
      await fixture.call('sync.run', { accountId })
      expect(counts(fixture, accountId, inbox.id).inFolder).toBe(10)
      await fixture.call('sync.run', { accountId })
      expect(counts(fixture, accountId, inbox.id).inFolder).toBe(10)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('keeps no flag of a copy it dropped in the renumbered folder on a message moved out of it', async () => {
    const user = await userWith('quin', 1, () => false)
    const fixture = new CoreFixture()
    const other = await otherClient(server(), user)
    const flagsOf = () =>
      fixture.core.workspace.db
        .prepare('SELECT flags_json AS flags FROM messages WHERE message_id = ?')
        .get('<quin-0@client.test>')
    try {
      // The message is in Junk, flagged.
      let lock = await other.getMailboxLock('INBOX')
      try {
        await other.messageFlagsAdd('1', ['\\Flagged'], { uid: true })
        await other.messageMove('1', 'Junk', { uid: true })
      } finally {
        lock.release()
      }
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      expect(flagsOf()).toEqual({ flags: '["\\\\Flagged"]' })
      // Another program moves it to Archive and unflags it there; then the server renumbers
      // Junk. The pass finds it in Archive first (folders go by name), then drops Junk's copy.
      lock = await other.getMailboxLock('Junk')
      try {
        await other.messageMove('1:*', 'Archive', { uid: true })
      } finally {
        lock.release()
      }
      lock = await other.getMailboxLock('Archive')
      try {
        await other.messageFlagsRemove('1:*', ['\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      await server().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '7171', 'Junk'])
      await fixture.call('sync.run', { accountId })
      expect(flagsOf()).toEqual({ flags: '[]' })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
