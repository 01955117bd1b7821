// A message INBOX holds twice (another program copied it there, or it was delivered twice under
// one Message-ID: Rapport stores it once, with two locations in INBOX). Archive, delete or move
// it, then Undo as the toolbars send it: both copies go back to INBOX, on the server too. Also
// when it is archived and undone more than once before any of it reached the server: the copy an
// Undo (or a restore from Trash) puts back stands for both until its task runs.
import { describe, expect, it } from 'vitest'
import { holdPushes } from './fixtures/hold-pushes'
import {
  closeMailbox,
  copiesOf,
  copyOnServer,
  expectInStep,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

type Box = Awaited<ReturnType<typeof mailbox>>

/** The first message, synced with two copies in INBOX. */
async function twiceInInbox(box: Box): Promise<{ messageId: string; pk: number }> {
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const { messageId } = box.corpus[0]!
  await copyOnServer(box, messageId, 'INBOX')
  await box.fixture.call('sync.run', { accountId: box.accountId })
  expect(await copiesOf(box, messageId, 'INBOX')).toEqual([2])
  return { messageId, pk: box.messagePk(messageId) }
}

/**
 * Undo of a move, as the toolbars send it; then the pushes held until now go (or, with none held,
 * the task is pushed), leaving no task behind.
 */
async function undoMove(
  box: Box,
  pk: number,
  folderId: number,
  fromFolderId: number,
  release: (() => Promise<void>) | null
): Promise<void> {
  await box.fixture.call('messages.move', { messageIds: [pk], folderId, fromFolderId, putBack: true })
  if (release) await release()
  else await box.fixture.core.workspace.sync.pushTasks(box.accountId)
  expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
}

const WHEN = [
  ['before the action reached the server', true],
  ['after it did', false]
] as const

describe('a message INBOX holds twice', () => {
  it.each(WHEN)('archived from INBOX and undone %s: both copies are back in INBOX', async (_when, held) => {
    const box = await mailbox(held ? 'twarcha' : 'twarchb', 2)
    try {
      const { messageId, pk } = await twiceInInbox(box)
      const inbox = await specialFolder(box, '\\Inbox')
      const archive = await specialFolder(box, '\\Archive')
      const release = held ? holdPushes(box.fixture, box.accountId) : null
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      if (!held) {
        await box.fixture.core.workspace.sync.pushTasks(box.accountId)
        expect(await copiesOf(box, messageId, 'INBOX', 'Archive')).toEqual([0, 2])
      }
      await undoMove(box, pk, inbox.id, archive.id, release)
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive')).toEqual([2, 0])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it.each(WHEN)(
    'moved to another folder and undone %s: both copies are back in INBOX',
    async (_when, held) => {
      const box = await mailbox(held ? 'twmovea' : 'twmoveb', 2)
      try {
        await box.other.mailboxCreate('Klien')
        const { messageId, pk } = await twiceInInbox(box)
        const inbox = await specialFolder(box, '\\Inbox')
        const klien = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
          (f) => f.path === 'Klien'
        )!
        const release = held ? holdPushes(box.fixture, box.accountId) : null
        await box.fixture.call('messages.move', {
          messageIds: [pk],
          folderId: klien.id,
          fromFolderId: inbox.id
        })
        if (!held) await box.fixture.core.workspace.sync.pushTasks(box.accountId)
        await undoMove(box, pk, inbox.id, klien.id, release)
        expect(await copiesOf(box, messageId, 'INBOX', 'Klien')).toEqual([2, 0])
      } finally {
        await closeMailbox(box)
      }
    }
  )

  it('archived, then moved on before either reached the server, and that move undone: both copies are back in Archive', async () => {
    const box = await mailbox('twchain', 2)
    try {
      await box.other.mailboxCreate('Klien')
      const { messageId, pk } = await twiceInInbox(box)
      const inbox = await specialFolder(box, '\\Inbox')
      const archive = await specialFolder(box, '\\Archive')
      const klien = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Klien'
      )!
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      await box.fixture.call('messages.move', {
        messageIds: [pk],
        folderId: klien.id,
        fromFolderId: archive.id
      })
      await undoMove(box, pk, archive.id, klien.id, release)
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive', 'Klien')).toEqual([0, 2, 0])
    } finally {
      await closeMailbox(box)
    }
  })

  it.each(WHEN)('deleted and undone %s: both copies are back in INBOX', async (_when, held) => {
    const box = await mailbox(held ? 'twdela' : 'twdelb', 2)
    try {
      const { messageId, pk } = await twiceInInbox(box)
      const release = held ? holdPushes(box.fixture, box.accountId) : null
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      if (!held) {
        await box.fixture.core.workspace.sync.pushTasks(box.accountId)
        expect(await copiesOf(box, messageId, 'INBOX', 'Trash')).toEqual([0, 2])
      }
      // Undo of a delete, as the toolbars send it.
      await box.fixture.call('trash.restore', { messageIds: [pk] })
      if (release) await release()
      else await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await copiesOf(box, messageId, 'INBOX', 'Trash')).toEqual([2, 0])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Trash')
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('a message INBOX holds twice, moved and put back more than once before the server heard', () => {
  it('archived, undone, archived again and undone again: both copies are back in INBOX', async () => {
    const box = await mailbox('twagain', 2)
    try {
      const { messageId, pk } = await twiceInInbox(box)
      const inbox = await specialFolder(box, '\\Inbox')
      const archive = await specialFolder(box, '\\Archive')
      const release = holdPushes(box.fixture, box.accountId)
      for (let round = 0; round < 2; round++) {
        await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
        await box.fixture.call('messages.move', {
          messageIds: [pk],
          folderId: inbox.id,
          fromFolderId: archive.id,
          putBack: true
        })
      }
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive')).toEqual([2, 0])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('deleted, restored, then archived and undone: both copies are back in INBOX', async () => {
    const box = await mailbox('twrestarch', 2)
    try {
      const { messageId, pk } = await twiceInInbox(box)
      const inbox = await specialFolder(box, '\\Inbox')
      const archive = await specialFolder(box, '\\Archive')
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      await box.fixture.call('trash.restore', { messageIds: [pk] })
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      await undoMove(box, pk, inbox.id, archive.id, release)
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive', 'Trash')).toEqual([2, 0, 0])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive', 'Trash')
    } finally {
      await closeMailbox(box)
    }
  })
})
