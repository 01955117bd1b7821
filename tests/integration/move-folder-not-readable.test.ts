// Moves between folders this mailbox may not read (RFC 4314 rights, on a real Dovecot with its ACL
// plugin), on a server without MOVE or UIDPLUS. A folder the server no longer lets this mailbox
// open (NO [NOPERM] to its SELECT) failed a move out of it only after five tries over minutes,
// and held back every later change of the account meanwhile. A move into a drop box (a folder
// this mailbox may add mail to, not read) went through, yet failed as refused when Rapport looked
// for the mail there, and showed it back where it no longer was.
import { describe, expect, it } from 'vitest'
import { serverFolder } from './fixtures/server-mailbox'
import {
  clientMail,
  closeMailbox,
  expectInStep,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes({ plain: true, acl: true })

describe('a move and a folder this mailbox may not read', () => {
  it('fails at once out of a folder the server no longer opens, and the next change goes on', async () => {
    const box = await mailbox('unreadable', 1)
    try {
      await box.other.mailboxCreate('Board')
      await box.other.append('Board', clientMail('board-1'), ['\\Seen'])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const board = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Board'
      )!
      await box.fixture.call('folders.setSync', { folderId: board.id, enabled: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Since the last listing, this mailbox may only see that the folder is there.
      await servers.server.setFolderRights(box.user.user, 'Board', 'l')
      const archive = await specialFolder(box, '\\Archive')
      const { taskIds } = await box.fixture.call('messages.archive', {
        messageIds: [box.messagePk('<board-1@example.test>')]
      })
      const inboxPk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.setFlags', { messageIds: [inboxPk], flagged: true })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toMatchObject([
        {
          id: taskIds[0],
          folder: archive.path,
          state: 'failed',
          attempts: 1,
          lastErrorCode: 'SERVER_SAID',
          lastError: expect.stringMatching(/permission denied/i)
        }
      ])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect([...inbox.values()][0]!.flags).toContain('\\Flagged')
      expect((await serverFolder(box.other, archive.path)).size).toBe(0)
    } finally {
      await closeMailbox(box)
    }
  })

  it('moves mail into a drop box (add, not read) and shows it gone, not back where it was', async () => {
    const box = await mailbox('dropbox', 1)
    try {
      await box.other.mailboxCreate('Drop')
      await servers.server.setFolderRights(box.user.user, 'Drop', 'lip')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const drop = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Drop'
      )!
      const inboxPk = box.messagePk(box.corpus[0]!.messageId)
      await box.fixture.call('messages.move', { messageIds: [inboxPk], folderId: drop.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await servers.server.setFolderRights(box.user.user, 'Drop', 'lr')
      expect((await serverFolder(box.other, 'Drop')).size).toBe(1)
      await expectInStep(box, 'INBOX')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX')
    } finally {
      await closeMailbox(box)
    }
  })
})
