// A move out of a folder this mailbox may read but not remove mail from (a shared folder with the
// RFC 4314 rights "lr" or "lrs", without "t"; or "lrsit", without "e"), on a server without MOVE:
// there a move is COPY, then STORE \Deleted and EXPUNGE. imapflow skips a STORE of a flag the
// folder does not keep without a word, and Dovecot answers OK to an EXPUNGE without "e" and
// erases nothing. Without "t", the move was retried as refused without a reason, each try after a
// COPY had put the mail in the destination; without "e", it counted as done, with the mail in
// both folders and marked deleted in the shared one. It now fails at once, saying why and what to
// do, and leaves the mail only where it was.
import { describe, expect, it } from 'vitest'
import { serverFolder } from './fixtures/server-mailbox'
import {
  clientMail,
  closeMailbox,
  expectInStep,
  sharedFolderSynced,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes({ plain: true, acl: true })

type Box = Awaited<ReturnType<typeof mailbox>>

/** Board, shared with `rights` and synced, with one message; its rights unknown to Rapport. */
async function sharedBoard(box: Box, id: string, rights: string): Promise<number> {
  await sharedFolderSynced(servers.server, box, 'Board', rights, [{ raw: clientMail(id), flags: ['\\Seen'] }])
  return box.messagePk(`<${id}@example.test>`)
}

describe('a move out of a folder that does not let this mailbox remove mail, without MOVE', () => {
  for (const rights of ['lr', 'lrs', 'lrsit']) {
    it(`fails at once, saying so, with the mail only where it was (rights "${rights}")`, async () => {
      const box = await mailbox(`keepout${rights}`, 0)
      try {
        const pk = await sharedBoard(box, `board-${rights}`, rights)
        const archive = await specialFolder(box, '\\Archive')
        const { taskIds } = await box.fixture.call('messages.archive', { messageIds: [pk] })
        await box.fixture.core.workspace.sync.pushTasks(box.accountId)

        expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toMatchObject([
          {
            id: taskIds[0],
            kind: 'move',
            folder: archive.path,
            state: 'failed',
            attempts: 1,
            lastErrorCode: 'MAY_NOT_REMOVE'
          }
        ])
        expect((await serverFolder(box.other, 'Board')).size).toBe(1)
        expect((await serverFolder(box.other, archive.path)).size).toBe(0)
        await expectInStep(box, 'Board', archive.path)
        // And so it stays after the next pass: no second copy shows up anywhere.
        await box.fixture.call('sync.run', { accountId: box.accountId })
        await expectInStep(box, 'Board', archive.path)
      } finally {
        await closeMailbox(box)
      }
    })
  }

  it('takes back the copy an earlier try left in the destination, so the mail is not there twice', async () => {
    const box = await mailbox('keepoutcopied', 0)
    try {
      const pk = await sharedBoard(box, 'board-copied', 'lrs')
      const archive = await specialFolder(box, '\\Archive')
      const { taskIds } = await box.fixture.call('messages.archive', { messageIds: [pk] })
      // As a try by an older Rapport left it: its COPY went up, the rest did not, to be retried.
      const lock = await box.other.getMailboxLock('Board')
      try {
        await box.other.messageCopy('1:*', archive.path, { uid: true })
      } finally {
        lock.release()
      }
      box.db.prepare("UPDATE tasks SET attempts = 1, last_error_code = 'NO_REASON'").run()
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)

      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toMatchObject([
        { id: taskIds[0], state: 'failed', attempts: 2, lastErrorCode: 'MAY_NOT_REMOVE' }
      ])
      expect((await serverFolder(box.other, 'Board')).size).toBe(1)
      expect((await serverFolder(box.other, archive.path)).size).toBe(0)
      await expectInStep(box, 'Board', archive.path)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'Board', archive.path)
    } finally {
      await closeMailbox(box)
    }
  })
})
