// Archive, move and their Undo on a message with copies in several folders (a label another
// program added, a message sent to yourself in INBOX and Sent), as the toolbars send them: the
// copy in the folder acted on moves, the others stay, and Undo brings back only what went.
import { describe, expect, it } from 'vitest'
import { holdPushes } from './fixtures/hold-pushes'
import {
  closeMailbox,
  copiesOf,
  copyOnServer,
  expectInStep,
  inInboxAndArchive,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

describe('a message with copies in several folders', () => {
  it.each([
    ['before the archive reached the server', true],
    ['after it did', false]
  ] as const)('archived from INBOX and undone %s: each folder keeps its one copy', async (_when, held) => {
    const box = await mailbox(held ? 'cpundoa' : 'cpundob', 2)
    try {
      const { messageId, pk } = await inInboxAndArchive(box)
      const inbox = await specialFolder(box, '\\Inbox')
      const archive = await specialFolder(box, '\\Archive')
      const release = held ? holdPushes(box.fixture, box.accountId) : null
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      if (!held) await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      // Undo, as the toolbars send it.
      await box.fixture.call('messages.move', {
        messageIds: [pk],
        folderId: inbox.id,
        fromFolderId: archive.id,
        putBack: true
      })
      if (release) await release()
      else await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive')).toEqual([1, 1])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('sent to yourself (in INBOX and Sent) and archived from INBOX: the Sent copy stays in Sent', async () => {
    const box = await mailbox('cpnote', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      await copyOnServer(box, messageId, 'Sent')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inbox = await specialFolder(box, '\\Inbox')
      const pk = box.messagePk(messageId)
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await copiesOf(box, messageId, 'INBOX', 'Sent', 'Archive')).toEqual([0, 1, 1])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Sent', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('moved from INBOX to another folder: only the INBOX copy goes; the move without a folder still takes every copy', async () => {
    const box = await mailbox('cpmove', 3)
    try {
      await box.other.mailboxCreate('Klien')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [first, second] = box.corpus
      await copyOnServer(box, first!.messageId, 'Sent')
      await copyOnServer(box, second!.messageId, 'Sent')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inbox = await specialFolder(box, '\\Inbox')
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      const klien = folders.find((f) => f.path === 'Klien')!
      await box.fixture.call('folders.setSync', { folderId: klien.id, enabled: true })
      await box.fixture.call('messages.move', {
        messageIds: [box.messagePk(first!.messageId)],
        folderId: klien.id,
        fromFolderId: inbox.id
      })
      await box.fixture.call('messages.move', {
        messageIds: [box.messagePk(second!.messageId)],
        folderId: klien.id
      })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await copiesOf(box, first!.messageId, 'INBOX', 'Sent', 'Klien')).toEqual([0, 1, 1])
      expect(await copiesOf(box, second!.messageId, 'INBOX', 'Sent', 'Klien')).toEqual([0, 0, 2])
    } finally {
      await closeMailbox(box)
    }
  })

  it('refuses putBack without the folder the mail comes back from', async () => {
    const box = await mailbox('cpbad', 1)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inbox = await specialFolder(box, '\\Inbox')
      const error = await box.fixture.error('messages.move', {
        messageIds: [box.messagePk(box.corpus[0]!.messageId)],
        folderId: inbox.id,
        putBack: true
      })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'fromFolderId' })
    } finally {
      await closeMailbox(box)
    }
  })
})
