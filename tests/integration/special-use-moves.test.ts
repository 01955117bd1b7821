// Special uses on a plain server (no SPECIAL-USE: every role comes from a folder's name). A role
// stays with its folder when another program makes a folder with a likelier name; when it does
// move to a folder Rapport already listed, that folder is synced like one first listed with it.
import { describe, expect, it } from 'vitest'
import { localFolder } from './fixtures/server-mailbox'
import { closeMailbox, ownMail, useSyncMailboxes, type MailboxOptions } from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes({ plain: true })

/** A mailbox on the plain server, with a pass and a look at one folder as Rapport lists it. */
async function plainMailbox(name: string, count: number, options?: MailboxOptions) {
  const box = await mailbox(name, count, options)
  const sync = () => box.fixture.call('sync.run', { accountId: box.accountId })
  const folder = async (path: string) =>
    (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
      (f) => f.path === path && f.onServer
    )
  return { ...box, sync, folder, close: () => closeMailbox(box) }
}

describe('a special use that moves to a folder Rapport already listed', () => {
  it('syncs the Trash left when the Trash it used is deleted elsewhere, and deletes show up there', async () => {
    // Two Trash candidates by name: imapflow picks "Deleted Items", "Trash" is listed unsynced.
    const box = await plainMailbox('trashtakeover', 2, { folders: ['Deleted Items', 'Trash'] })
    try {
      await box.other.append('Trash', ownMail(box.user.user, 'old-trash'))
      await box.sync()
      expect(await box.folder('Deleted Items')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      expect(await box.folder('Trash')).toMatchObject({ specialUse: null, syncEnabled: false })
      // The user tidies up in another program: "Trash" is the only Trash left.
      await box.other.mailboxDelete('Deleted Items')
      await box.sync()
      expect(await box.folder('Trash')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      const deleted = box.corpus[0]!.messageId
      await box.fixture.call('messages.delete', { messageIds: [box.messagePk(deleted)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const trash = [...localFolder(box.db, box.accountId, 'Trash').values()].map((m) => m.messageId)
      expect(trash.sort()).toEqual([deleted, '<old-trash@example.test>'].sort())
    } finally {
      await box.close()
    }
  })
})

describe('a special use found by name, when another program makes a folder with a likelier name', () => {
  it('keeps Trash at Sampah: what Rapport deleted stays in its Trash list, and deletes still go there', async () => {
    const box = await plainMailbox('trashkept', 2)
    try {
      await box.sync()
      const [first, second] = box.corpus.map((m) => box.messagePk(m.messageId))
      await box.fixture.call('messages.delete', { messageIds: [first!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const listed = async () =>
        (await box.fixture.call('trash.list', { accountId: box.accountId })).map((t) => [
          t.messageId,
          t.originFolder
        ])
      expect(await listed()).toEqual([[first, 'INBOX']])
      // Thunderbird's and Outlook's names, both in imapflow's table.
      await box.other.mailboxCreate('Trash')
      await box.other.mailboxCreate('Deleted Items')
      await box.sync()
      expect(await box.folder('Sampah')).toMatchObject({ specialUse: '\\Trash', syncEnabled: true })
      expect(await box.folder('Trash')).toMatchObject({ specialUse: null, syncEnabled: false })
      expect(await box.folder('Deleted Items')).toMatchObject({ specialUse: null, syncEnabled: false })
      expect(await listed()).toEqual([[first, 'INBOX']])
      await box.fixture.call('messages.delete', { messageIds: [second!] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.sync()
      const inSampah = [...localFolder(box.db, box.accountId, 'Sampah').values()].map((m) => m.messageId)
      expect(inSampah.sort()).toEqual(box.corpus.map((m) => m.messageId).sort())
      expect((await listed()).map(([pk]) => pk).sort()).toEqual([first, second].sort())
    } finally {
      await box.close()
    }
  })
})
