// Archive, move and their Undo on a message with copies in several folders (a label another
// program added, a message sent to yourself in INBOX and Sent), as the toolbars send them: the
// copy in the folder acted on moves, the others stay, and Undo brings back only what went. The
// folder shown for such a message is INBOX when it has a copy there (the toolbars act on it), and
// a move into a folder never synced shows there before it reaches the server.
import { describe, expect, it } from 'vitest'
import { threadMailTargets } from '../../src-renderer/src/features/thread/thread-mail-targets'
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

/**
 * A note to self (in INBOX and Sent) archived from the conversation toolbar, then Undo, as
 * ThreadMailActions sends them; with the conversation and folders as the thread view gets them.
 */
async function noteArchivedAndUndone(name: string) {
  const box = await mailbox(name, 2)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const { messageId } = box.corpus[0]!
  await copyOnServer(box, messageId, 'Sent')
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const inbox = await specialFolder(box, '\\Inbox')
  const archive = await specialFolder(box, '\\Archive')
  const pk = box.messagePk(messageId)
  await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
  await box.fixture.core.workspace.sync.pushTasks(box.accountId)
  await box.fixture.call('messages.move', {
    messageIds: [pk],
    folderId: inbox.id,
    fromFolderId: archive.id,
    putBack: true
  })
  await box.fixture.core.workspace.sync.pushTasks(box.accountId)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const { thread_id: threadId } = box.db.prepare('SELECT thread_id FROM messages WHERE id = ?').get(pk) as {
    thread_id: number
  }
  const { messages } = await box.fixture.call('threads.get', { threadId })
  const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
  return { box, messageId, pk, messages, folders }
}

describe('a note to self (INBOX and Sent) archived from INBOX and undone', () => {
  it('can be archived from INBOX again, as the toolbars send it', async () => {
    const { box, messageId, pk, messages, folders } = await noteArchivedAndUndone('rfnote')
    try {
      expect(await copiesOf(box, messageId, 'INBOX', 'Sent', 'Archive')).toEqual([1, 1, 0])
      const shown = messages.find((m) => m.id === pk)!
      // The message's own toolbar archives "the copy in the folder shown".
      const current = folders.find((f) => f.path === shown.folder)!
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: current.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      // Out of INBOX, the Sent copy left in Sent (it stays in INBOX, and the Sent copy goes, on the bug).
      expect(await copiesOf(box, messageId, 'INBOX', 'Sent', 'Archive')).toEqual([0, 1, 1])
    } finally {
      await closeMailbox(box)
    }
  })

  it('the conversation toolbar still offers Archive for it', async () => {
    const { box, pk, messages, folders } = await noteArchivedAndUndone('rfnote2')
    try {
      expect(threadMailTargets(messages, folders).inInbox).toContain(pk)
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('mail moved into a folder Rapport does not sync, before the move reaches the server', () => {
  it('shows in that folder (not in no folder, with no toolbar)', async () => {
    const box = await mailbox('rfunsynced', 2)
    try {
      await box.other.mailboxCreate('Klien')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const klien = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Klien'
      )!
      const pk = box.messagePk(box.corpus[0]!.messageId)
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: klien.id })
      const threadId = (
        box.db.prepare('SELECT thread_id FROM messages WHERE id = ?').get(pk) as {
          thread_id: number
        }
      ).thread_id
      const { messages } = await box.fixture.call('threads.get', { threadId })
      expect(messages.find((m) => m.id === pk)!.folder).toBe('Klien')
      await release()
    } finally {
      await closeMailbox(box)
    }
  })
})
