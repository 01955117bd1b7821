// Folders the server lets this mailbox read but not change (RFC 4314 rights, as on a shared or
// public folder), on a real Dovecot with its ACL plugin. A change the folder cannot keep fails
// for good with a reason that says so, and Rapport shows the server's state again. Before, a
// \Seen the folder could not keep was retried five times as "refused without a reason", and an
// unread Dovecot answered OK to without applying it counted as saved: Rapport and the server
// disagreed until the next full flag comparison.
import { describe, expect, it } from 'vitest'
import { serverFolder, uidOf } from './fixtures/server-mailbox'
import { closeMailbox, expectInStep, specialFolder, useSyncMailboxes } from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes({ acl: true })

type Box = Awaited<ReturnType<typeof mailbox>>

/** Mail from a client, so it can be unread (mail of the user's own is never unread). */
const clientMail = (box: Box, id: string) =>
  `From: client@acme.test\r\nTo: ${box.user.user}@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.test>\r\n\r\nhello\r\n`

/**
 * Another program files mail in `path` (`flags` per Message-ID local part), the folder's rights
 * become `rights` before Rapport first opens it, and Rapport syncs it. Returns each message's id.
 */
async function sharedFolder(
  box: Box,
  path: string,
  rights: string,
  mail: Record<string, string[]>
): Promise<Record<string, number>> {
  await box.other.mailboxCreate(path)
  for (const [id, flags] of Object.entries(mail)) await box.other.append(path, clientMail(box, id), flags)
  await servers.server.setFolderRights(box.user.user, path, rights)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const folder = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
    (f) => f.path === path
  )!
  await box.fixture.call('folders.setSync', { folderId: folder.id, enabled: true })
  await box.fixture.call('sync.run', { accountId: box.accountId })
  return Object.fromEntries(Object.keys(mail).map((id) => [id, box.messagePk(`<${id}@example.test>`)]))
}

const threadOf = (box: Box, messagePk: number) =>
  (box.db.prepare('SELECT thread_id AS t FROM messages WHERE id = ?').get(messagePk) as { t: number }).t

const failedTasks = (box: Box) =>
  box.fixture.call('tasks.list', { accountId: box.accountId, state: 'failed' })

describe('a folder the server keeps read-only for this mailbox', () => {
  it('fails read, unread and flag changes for good with the reason, and shows the server’s flags again', async () => {
    const box = await mailbox('rhea', 1)
    try {
      const ids = await sharedFolder(box, 'Shared', 'lr', { 'unread-1': [], 'read-1': ['\\Seen'] })
      const before = await serverFolder(box.other, 'Shared')
      await box.fixture.call('messages.setFlags', { messageIds: [ids['unread-1']!], seen: true })
      await box.fixture.call('messages.setFlags', { messageIds: [ids['read-1']!], seen: false })
      await box.fixture.call('messages.setFlags', { messageIds: [ids['unread-1']!], flagged: true })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      // Each at once, none left waiting to be retried.
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId, state: 'pending' })).toEqual([])
      const failed = await failedTasks(box)
      expect(failed.map((t) => [t.added, t.removed, t.lastErrorCode])).toEqual([
        [['\\Seen'], [], 'FLAGS_NOT_KEPT'],
        [[], ['\\Seen'], 'FLAGS_NOT_KEPT'],
        [['\\Flagged'], [], 'FLAGS_NOT_KEPT']
      ])
      expect(failed[0]!.lastError).toMatch(/^Shared cannot keep this change/)
      expect(await serverFolder(box.other, 'Shared')).toEqual(before)
      // Only that folder's flags are compared again, not every folder's of the account.
      const modseq = (path: string) =>
        (
          box.db.prepare('SELECT highest_modseq AS m FROM folders WHERE path = ?').get(path) as {
            m: string | null
          }
        ).m
      expect(modseq('Shared')).toBeNull()
      expect(modseq('INBOX')).not.toBeNull()
      // Labelled read-only from now on; the folders that keep flags are not.
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(listed.filter((f) => f.readOnly).map((f) => f.path)).toEqual(['Shared'])

      // Rapport shows what the server has at once, not only after the next pass over the folder.
      await expectInStep(box, 'Shared')
      const read = (pk: number) =>
        box.db.prepare('SELECT is_seen AS seen FROM messages WHERE id = ?').get(pk) as
          { seen: number } | undefined
      expect([read(ids['unread-1']!), read(ids['read-1']!)]).toEqual([{ seen: 0 }, { seen: 1 }])
      // And the next pass, which compares every flag of that folder, finds it so too.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'Shared')

      // Known now: opening the thread again does not try (and fail) to mark it read once more.
      const threadId = threadOf(box, ids['unread-1']!)
      expect(await box.fixture.call('threads.markRead', { threadId })).toEqual({ changed: 0 })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toHaveLength(3)
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps what the folder allows (read) and fails only the rest (the flag), shown so at once', async () => {
    const box = await mailbox('remy', 1)
    try {
      const ids = await sharedFolder(box, 'Team', 'lrs', { 'team-1': [] })
      await box.fixture.call('messages.setFlags', { messageIds: [ids['team-1']!], seen: true, flagged: true })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      const [task] = await failedTasks(box)
      expect(task).toMatchObject({ added: ['\\Seen', '\\Flagged'], lastErrorCode: 'FLAGS_NOT_KEPT' })
      const team = await serverFolder(box.other, 'Team')
      expect(team.get(uidOf(team, '<team-1@example.test>'))!.flags).toEqual(['\\Seen'])
      // It keeps \\Seen, so it is not labelled read-only.
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(listed.find((f) => f.path === 'Team')).toMatchObject({ readOnly: false })
      await expectInStep(box, 'Team')
    } finally {
      await closeMailbox(box)
    }
  })

  it('fails a move out of it for good in the server’s words, and puts the message back', async () => {
    const box = await mailbox('rosa', 1)
    try {
      const ids = await sharedFolder(box, 'Board', 'lr', { 'board-1': ['\\Seen'] })
      // As on a server without the ACL extension: the rights are not known, so the server decides.
      box.db.prepare("UPDATE folders SET my_rights = NULL WHERE path = 'Board'").run()
      const archive = await specialFolder(box, '\\Archive')
      const { taskIds } = await box.fixture.call('messages.archive', { messageIds: [ids['board-1']!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      const [task] = await failedTasks(box)
      expect(task).toMatchObject({
        id: taskIds[0],
        kind: 'move',
        folder: archive.path,
        lastErrorCode: 'SERVER_SAID'
      })
      expect((await serverFolder(box.other, 'Board')).size).toBe(1)
      expect((await serverFolder(box.other, 'Archive')).size).toBe(0)
      await expectInStep(box, 'Board', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('a folder whose rights the server tells (RFC 4314 MYRIGHTS)', () => {
  const dispatch = (box: Box, ...args: Parameters<Box['fixture']['core']['dispatch']>) =>
    box.fixture.core.dispatch(...args)

  it('is known read-only before any change is tried: no mark read, no move out of it or into it', async () => {
    const box = await mailbox('raya', 1)
    try {
      const ids = await sharedFolder(box, 'Shared', 'lr', { 'shared-1': [] })
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(listed.find((f) => f.path === 'Shared')).toMatchObject({
        readOnly: true,
        canAddMail: false,
        canRemoveMail: false
      })
      expect(listed.find((f) => f.path === 'INBOX')).toMatchObject({
        readOnly: false,
        canAddMail: true,
        canRemoveMail: true
      })
      // Opening the thread does not try to mark it read: nothing to fail, even the first time.
      const threadId = threadOf(box, ids['shared-1']!)
      expect(await box.fixture.call('threads.markRead', { threadId })).toEqual({ changed: 0 })

      // Archiving its mail, or moving mail into it, is refused at once, and nothing changes.
      const inboxPk = box.messagePk(box.corpus[0]!.messageId)
      const shared = listed.find((f) => f.path === 'Shared')!
      const archived = await dispatch(box, 'messages.archive', { messageIds: [ids['shared-1']!] })
      const movedIn = await dispatch(box, 'messages.move', { messageIds: [inboxPk], folderId: shared.id })
      for (const refused of [archived, movedIn])
        expect(refused).toMatchObject({ ok: false, error: { code: 'FOLDER_READ_ONLY' } })
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await expectInStep(box, 'Shared', 'INBOX')

      // Deleting the conversation's mail together moves what may move and leaves the rest.
      const deleted = await box.fixture.call('messages.delete', { messageIds: [ids['shared-1']!, inboxPk] })
      expect(deleted.moved).toBe(1)
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await failedTasks(box)).toEqual([])
      expect((await serverFolder(box.other, 'Shared')).size).toBe(1)
      expect((await serverFolder(box.other, 'Trash')).size).toBe(1)
      await expectInStep(box, 'Shared', 'INBOX', 'Trash')
    } finally {
      await closeMailbox(box)
    }
  })

  it('reads the rights as Dovecot answers them: "t" without "e" comes back with an obsolete "d"', async () => {
    const box = await mailbox('reza', 0)
    try {
      await sharedFolder(box, 'Inbound', 'lrsit', { 'inbound-1': [] })
      const inbound = box.db.prepare("SELECT my_rights AS r FROM folders WHERE path = 'Inbound'").get() as {
        r: string
      }
      // RFC 4314 2.1.1: a server adds "d" when any delete right is granted.
      expect([...inbound.r].sort().join('')).toBe('dilrst')
      const listed = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(listed.find((f) => f.path === 'Inbound')).toMatchObject({
        readOnly: false,
        canAddMail: true,
        canRemoveMail: false
      })
    } finally {
      await closeMailbox(box)
    }
  })

  it('lets mail in and out where the rights allow it, and marks read where they keep \\Seen', async () => {
    const box = await mailbox('rufus', 1)
    try {
      const ids = await sharedFolder(box, 'Drop', 'lrsite', { 'drop-1': [] })
      const drop = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Drop'
      )!
      expect(drop).toMatchObject({ readOnly: false, canAddMail: true, canRemoveMail: true })
      const threadId = threadOf(box, ids['drop-1']!)
      expect(await box.fixture.call('threads.markRead', { threadId })).toEqual({ changed: 1 })
      const inboxPk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.move', { messageIds: [inboxPk], folderId: drop.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await failedTasks(box)).toEqual([])
      expect((await serverFolder(box.other, 'Drop')).size).toBe(2)
      await expectInStep(box, 'Drop', 'INBOX')

      // Deleted from there, then the rights change (as a listing on a new connection records
      // them): restore no longer offers that folder, and puts the message in INBOX instead.
      await box.fixture.call('messages.delete', { messageIds: [ids['drop-1']!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      box.db.prepare("UPDATE folders SET my_rights = 'lrs' WHERE path = 'Drop'").run()
      const [trashed] = await box.fixture.call('trash.list', { accountId: box.accountId })
      expect(trashed).toMatchObject({ messageId: ids['drop-1'], originFolders: [] })
      await box.fixture.call('trash.restore', { messageIds: [ids['drop-1']!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await failedTasks(box)).toEqual([])
      expect((await serverFolder(box.other, 'INBOX')).size).toBe(1)
      await expectInStep(box, 'Drop', 'INBOX', 'Trash')
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('a synced folder the server will not open (no right to read it)', () => {
  it('is skipped with the server’s words while the other folders sync, and synced once it may be read', async () => {
    const box = await mailbox('selene', 1)
    try {
      const folderNamed = async (path: string) =>
        (await box.fixture.call('folders.list', { accountId: box.accountId })).find((f) => f.path === path)!
      const refusedCount = async () =>
        (await box.fixture.call('sync.status', {})).find((s) => s.accountId === box.accountId)!.refusedFolders
      // Synced first as a readable folder, then the mailbox loses the right to read it.
      await sharedFolder(box, 'Board', 'lrs', { 'board-1': [] })
      await sharedFolder(box, 'Clients', 'lrswite', {})
      await servers.server.setFolderRights(box.user.user, 'Board', 'l')
      await box.other.append('Board', clientMail(box, 'board-2'))
      await box.other.append('Clients', clientMail(box, 'clients-after'))

      const result = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result[0]!.folders).toContain('Board')
      const refused = await folderNamed('Board')
      expect(refused.openError).toMatch(/permission denied/i)
      expect(await refusedCount()).toBe(1)
      // The pass went on past it: Clients, synced after Board, has its new mail.
      await expectInStep(box, 'INBOX', 'Clients')
      // What Rapport had from the folder stays readable.
      expect(
        box.db.prepare("SELECT 1 FROM messages WHERE message_id = '<board-1@example.test>'").get()
      ).toBeDefined()
      expect((await box.fixture.call('sync.status', {}))[0]!.state).toBe('up-to-date')

      await servers.server.setFolderRights(box.user.user, 'Board', 'lrs')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect((await folderNamed('Board')).openError).toBeNull()
      expect(await refusedCount()).toBe(0)
      expect(
        box.db.prepare("SELECT 1 FROM messages WHERE message_id = '<board-2@example.test>'").get()
      ).toBeDefined()
      await expectInStep(box, 'Board')
    } finally {
      await closeMailbox(box)
    }
  })
})
