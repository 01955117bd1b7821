// Another mail program in "mark as deleted" mode (Outlook, Apple Mail, Thunderbird) flags a
// message \Deleted and erases it only when the folder is emptied. Until then it is still mail on
// the server, and may be undeleted: the thread view says it is marked, not that it is gone.
import { describe, expect, it } from 'vitest'
import { expunge, serverFolder, uidOf } from './fixtures/server-mailbox'
import { closeMailbox, copyOnServer, shownMessage, useSyncMailboxes } from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

describe('a message another program marked deleted on the server', () => {
  it('shows as marked while every copy on the server is, and as deleted once it is erased', async () => {
    const box = await mailbox('markshown', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [marked, other] = box.corpus.map((m) => m.messageId)
      const setDeleted = async (add: boolean) => {
        const uid = String(uidOf(await serverFolder(box.other, 'INBOX'), marked!))
        const lock = await box.other.getMailboxLock('INBOX')
        try {
          if (add) await box.other.messageFlagsAdd(uid, ['\\Deleted'], { uid: true })
          else await box.other.messageFlagsRemove(uid, ['\\Deleted'], { uid: true })
        } finally {
          lock.release()
        }
        await box.fixture.call('sync.run', { accountId: box.accountId })
      }
      const shown = async (messageId: string) => {
        const m = await shownMessage(box, box.messagePk(messageId))
        return { marked: m.markedDeletedOnServer, deleted: m.deletedOnServer }
      }
      await setDeleted(true)
      expect(await shown(marked!)).toEqual({ marked: true, deleted: false })
      expect(await shown(other!)).toEqual({ marked: false, deleted: false })
      // Undeleted there: plain mail again.
      await setDeleted(false)
      expect(await shown(marked!)).toEqual({ marked: false, deleted: false })
      // A copy in another folder is not marked: the message is still mail there.
      await copyOnServer(box, marked!, 'Archive')
      await setDeleted(true)
      expect(await shown(marked!)).toEqual({ marked: false, deleted: false })
      // Erased from both: deleted on the server, which Rapport keeps and says.
      await expunge(box.other, 'Archive', '1:*')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await shown(marked!)).toEqual({ marked: true, deleted: false })
      await expunge(box.other, 'INBOX', String(uidOf(await serverFolder(box.other, 'INBOX'), marked!)))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await shown(marked!)).toEqual({ marked: false, deleted: true })
    } finally {
      await closeMailbox(box)
    }
  })
})
