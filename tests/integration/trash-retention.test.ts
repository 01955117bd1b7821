// Trash kept 30 days, against a real Dovecot: restore to the folder the mail came from (or INBOX
// when that is gone), the local purge after 30 days, and purged mail kept out of later passes,
// backfills and renumberings; a reply to purged mail brings its conversation back.
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { ManualClock } from '../../src-main/core/clock'
import { TRASH_RETENTION_MS } from '../../src-main/core/sync/trash-retention'
import { appendMessages, type MailUser } from '../support/dovecot'
import { countByMessageId } from '../support/imap-probe'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { expungeAll, localFolder, otherClient, serverFolder } from './fixtures/server-mailbox'

const { server: fileServer, seededUser, accountOf } = useSeededAccounts()

describe('trash retention', () => {
  it('restores deleted mail to its folder on the server, and purges Trash locally after 30 days for good', async () => {
    const { user, corpus } = await seededUser('dita', 3)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    let other: ImapFlow = await otherClient(fileServer(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = (messageId: string) =>
        (
          fixture.core.workspace.db
            .prepare('SELECT id FROM messages WHERE message_id = ?')
            .get(messageId) as { id: number }
        )?.id
      const [a, b] = [pk(corpus[0]!.messageId), pk(corpus[1]!.messageId)]
      const archive = (await fixture.call('folders.list', { accountId })).find(
        (f) => f.specialUse === '\\Archive'
      )!
      await fixture.call('messages.move', { messageIds: [a!], folderId: archive.id })
      await fixture.call('messages.delete', { messageIds: [a!] })
      await fixture.pushed(accountId)
      expect(await countByMessageId(fileServer(), user, 'Trash', corpus[0]!.messageId)).toBe(1)
      const [item] = await fixture.call('trash.list', { accountId })
      expect(item).toMatchObject({ messageId: a, originFolder: 'Archive' })

      expect(await fixture.call('trash.restore', { messageIds: [a!] })).toEqual({ restored: 1 })
      await fixture.pushed(accountId)
      expect(await countByMessageId(fileServer(), user, 'Archive', corpus[0]!.messageId)).toBe(1)
      expect(await countByMessageId(fileServer(), user, 'Trash', corpus[0]!.messageId)).toBe(0)
      expect(await fixture.call('trash.list', { accountId })).toEqual([])

      await fixture.call('messages.delete', { messageIds: [b!] })
      await fixture.pushed(accountId)
      clock.advance(TRASH_RETENTION_MS - 60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(0)
      clock.advance(60_000)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(pk(corpus[1]!.messageId)).toBeUndefined()
      // The server's Trash still holds it; the next sync does not bring it back.
      await fixture.call('sync.run', { accountId })
      expect(pk(corpus[1]!.messageId)).toBeUndefined()
      expect([...(await serverFolder(other, 'Trash')).values()].map((m) => m.messageId)).toEqual([
        corpus[1]!.messageId
      ])
      // Nor when the server renumbers Trash (a new UIDVALIDITY): the purged message is found
      // again by its Message-ID, and stays purged on every later pass.
      await other.logout()
      await fileServer().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '777', 'Trash'])
      other = await otherClient(fileServer(), user)
      for (let pass = 0; pass < 2; pass++) {
        await fixture.call('sync.run', { accountId })
        expect(pk(corpus[1]!.messageId)).toBeUndefined()
      }
      expect(pk(corpus[0]!.messageId)).toBe(a)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('keeps purged mail in the import window: the pass after a purge fetches no older Trash mail', async () => {
    const { user } = await seededUser('delia', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const id = (i: number) => `<delia-t${i}@b.test>`
      const trashMail = (i: number) =>
        `From: a@b.test\r\nTo: delia@example.test\r\nSubject: t${i}\r\nMessage-ID: ${id(i)}\r\n\r\nx\r\n`
      await appendMessages(fileServer(), user.user, user.password, 'Trash', [1, 2, 3, 4, 5, 6].map(trashMail))
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 3 }))
      await fixture.call('sync.run', { accountId })
      const inTrash = () =>
        [...localFolder(fixture.core.workspace.db, accountId, 'Trash').values()]
          .map((m) => m.messageId)
          .sort()
      expect(inTrash()).toEqual([id(4), id(5), id(6)])
      fixture.core.workspace.lifecycle.sweepTrash()
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(3)
      // The server keeps all six. The purged three still take the window's three places, so
      // t1-t3 are not fetched now only to be kept another 30 days.
      for (let pass = 0; pass < 2; pass++) {
        await fixture.call('sync.run', { accountId })
        expect(inTrash()).toEqual([])
      }
      // Mail arriving in Trash later is fetched as ever.
      await appendMessages(fileServer(), user.user, user.password, 'Trash', [trashMail(7)])
      await fixture.call('sync.run', { accountId })
      expect(inTrash()).toEqual([id(7)])
    } finally {
      fixture.close()
    }
  })

  it('keeps purged mail out of "Sync older mail" after the server renumbers Trash', async () => {
    const { user } = await seededUser('delphine', 1)
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    let other: ImapFlow = await otherClient(fileServer(), user)
    try {
      const id = (i: number) => `<delphine-t${i}@b.test>`
      const trashMail = (i: number) =>
        `From: a@b.test\r\nTo: delphine@example.test\r\nSubject: t${i}\r\nMessage-ID: ${id(i)}\r\n\r\nx\r\n`
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await appendMessages(fileServer(), user.user, user.password, 'Trash', [1, 2, 3].map(trashMail))
      await fixture.call('sync.run', { accountId })
      fixture.core.workspace.lifecycle.sweepTrash()
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(3)
      await appendMessages(fileServer(), user.user, user.password, 'Trash', [trashMail(4)])
      await fixture.call('sync.run', { accountId })
      // Renumbered, the purged three are found again by Message-ID at new UIDs below the newest
      // message, which is where the cursor (lowest_synced_uid) now stands.
      await other.logout()
      await fileServer().doveadm(['mailbox', 'update', '-u', user.user, '--uid-validity', '778', 'Trash'])
      other = await otherClient(fileServer(), user)
      await fixture.call('sync.run', { accountId })
      const inTrash = () =>
        [...localFolder(fixture.core.workspace.db, accountId, 'Trash').values()].map((m) => m.messageId)
      expect(inTrash()).toEqual([id(4)])
      const trash = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'Trash')!
      await fixture.call('backfill.start', { folderId: trash.id })
      const settled = () =>
        fixture.lastEvent<BackfillStatus>(
          'sync.backfill',
          (s) => s.folderId === trash.id && (s.state === 'done' || s.error !== null)
        )
      await fixture.waitFor('the backfill to end or fail', () => settled() !== null)
      expect({ state: settled()!.state, error: settled()!.error, trash: inTrash() }).toEqual({
        state: 'done',
        error: null,
        trash: [id(4)]
      })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('restores to INBOX mail whose folder was deleted on the server meanwhile', async () => {
    const { user, corpus } = await seededUser('dina', 1)
    const fixture = new CoreFixture()
    const other: ImapFlow = await otherClient(fileServer(), user)
    try {
      await other.mailboxCreate('Tender 2026')
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const folders = await fixture.call('folders.list', { accountId })
      const tender = folders.find((f) => f.path === 'Tender 2026')!
      const pk = (
        fixture.core.workspace.db
          .prepare('SELECT id FROM messages WHERE message_id = ?')
          .get(corpus[0]!.messageId) as {
          id: number
        }
      ).id
      await fixture.call('messages.move', { messageIds: [pk], folderId: tender.id })
      await fixture.call('messages.delete', { messageIds: [pk] })
      await fixture.pushed(accountId)
      // Moved twice before either move reached the server: nothing is left behind in the first folder.
      expect(
        fixture.core.workspace.db
          .prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ?')
          .get(tender.id)
      ).toEqual({ n: 0 })
      await other.mailboxDelete('Tender 2026')
      await fixture.call('sync.run', { accountId })
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { originFolder: 'Tender 2026', originFolders: [] }
      ])
      expect(await fixture.call('trash.restore', { messageIds: [pk] })).toEqual({ restored: 1 })
      await fixture.pushed(accountId)
      expect(await countByMessageId(fileServer(), user, 'INBOX', corpus[0]!.messageId)).toBe(1)
      expect(await countByMessageId(fileServer(), user, 'Trash', corpus[0]!.messageId)).toBe(0)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('says so when restoring mail whose server Trash was emptied, and keeps it readable', async () => {
    const { user, corpus } = await seededUser('dora', 2)
    const fixture = new CoreFixture()
    const other: ImapFlow = await otherClient(fileServer(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const pk = (
        fixture.core.workspace.db
          .prepare('SELECT id FROM messages WHERE message_id = ?')
          .get(corpus[0]!.messageId) as { id: number }
      ).id
      await fixture.call('messages.delete', { messageIds: [pk] })
      await fixture.pushed(accountId)
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { messageId: pk, restorable: true }
      ])
      await expungeAll(other, 'Trash')
      await fixture.call('sync.run', { accountId })
      // Still listed until its purge day, but marked: there is nothing left to restore on the server.
      expect(await fixture.call('trash.list', { accountId })).toMatchObject([
        { messageId: pk, restorable: false }
      ])
      const error = await fixture.error('trash.restore', { messageIds: [pk] })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'messageIds' })
      expect(error.message).toMatch(/no longer on the server/)
      expect((await fixture.call('messages.list', { accountId })).map((m) => m.id)).toContain(pk)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('brings a purged conversation back, comments and all, when a reply to its purged mail arrives', async () => {
    const user: MailUser = { user: 'dewa', password: 'dewa-pw' }
    await fileServer().addUser(user.user, user.password)
    const mail = (id: string, subject: string, extra = '') =>
      `From: Carol <carol@client.test>\r\nTo: dewa@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@client.test>\r\n${extra}\r\nHello.\r\n`
    await appendMessages(fileServer(), user.user, user.password, 'INBOX', [mail('quote-1', 'Quote')])
    const clock = new ManualClock(Date.now())
    const fixture = new CoreFixture({ clock })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const [message] = await fixture.call('messages.list', { accountId })
      const threadId = message!.threadId!
      const [conversation] = await fixture.call('conversations.list', { inbox: 'all' })
      await fixture.call('conversations.comment', {
        conversationId: conversation!.id,
        body: 'Call Carol back'
      })
      await fixture.call('messages.delete', { messageIds: [message!.id] })
      await fixture.pushed(accountId)
      clock.advance(TRASH_RETENTION_MS)
      expect(fixture.core.workspace.lifecycle.sweepTrash()).toBe(1)
      expect(await fixture.call('conversations.list', { inbox: 'all' })).toEqual([])
      // Carol answers the purged message; unrelated mail comes in the same pass.
      await appendMessages(fileServer(), user.user, user.password, 'INBOX', [
        mail(
          'quote-2',
          'Re: Quote',
          'In-Reply-To: <quote-1@client.test>\r\nReferences: <quote-1@client.test>\r\n'
        ),
        mail('other-1', 'Something else')
      ])
      const [result] = await fixture.call('sync.run', { accountId })
      expect(result!.fetched).toBe(2)
      const listed = await fixture.call('conversations.list', { inbox: 'all' })
      const revived = listed.find((c) => c.threadId === threadId)
      expect(revived).toMatchObject({ id: conversation!.id, status: 'open' })
      const timeline = await fixture.call('conversations.timeline', { conversationId: conversation!.id })
      expect(timeline.filter((e) => e.kind === 'comment').map((e) => e.body)).toEqual(['Call Carol back'])
      expect(listed).toHaveLength(2)
    } finally {
      fixture.close()
    }
  })
})
