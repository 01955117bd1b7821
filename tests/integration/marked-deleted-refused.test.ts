// On a server without UIDPLUS, a move first takes \Deleted off the mail another program marked
// (others-marked-deleted.ts). Where this mailbox may not change \Deleted (a shared folder
// read-only for it, or without the RFC 4314 't' right), Dovecot answers that STORE with OK and
// changes nothing. Read-only, the move was then retried five times over minutes as refused
// without a reason; without 't' but with 'e', its EXPUNGE erased the mail the other program had
// only marked, and left the moved message where it was. It now fails at once, saying why: without
// MOVE, a folder that does not keep \Deleted is known not to let mail go before anything is
// copied or unmarked (move-pusher.ts).
import { describe, expect, it } from 'vitest'
import { serverFolder, uidOf } from './fixtures/server-mailbox'
import {
  clientMail,
  closeMailbox,
  expectInStep,
  sharedFolderSynced,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes({ plain: true, acl: true })

describe('a move whose folder refuses to unmark the mail another program marked deleted', () => {
  for (const rights of ['lr', 'lrwsie']) {
    it(`fails at once, saying why, and neither erases nor moves anything (rights "${rights}")`, async () => {
      const box = await mailbox(`refusedel${rights}`, 0)
      try {
        await sharedFolderSynced(servers.server, box, 'Board', rights, [
          { raw: clientMail(`kept-${rights}`), flags: ['\\Seen'] },
          { raw: clientMail(`marked-${rights}`), flags: ['\\Seen', '\\Deleted'] }
        ])
        const archive = await specialFolder(box, '\\Archive')
        const { taskIds } = await box.fixture.call('messages.archive', {
          messageIds: [box.messagePk(`<kept-${rights}@example.test>`)]
        })
        await box.fixture.core.workspace.sync.pushTasks(box.accountId)

        const tasks = await box.fixture.call('tasks.list', { accountId: box.accountId })
        expect(tasks).toMatchObject([
          {
            id: taskIds[0],
            kind: 'move',
            folder: archive.path,
            state: 'failed',
            attempts: 1,
            lastErrorCode: 'MAY_NOT_REMOVE'
          }
        ])
        const onServer = await serverFolder(box.other, 'Board')
        expect(onServer.size).toBe(2)
        expect(uidOf(onServer, `<marked-${rights}@example.test>`)).toBeGreaterThan(0)
        await expectInStep(box, 'Board', archive.path)
      } finally {
        await closeMailbox(box)
      }
    })
  }
})
