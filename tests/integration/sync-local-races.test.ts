// Local changes that wait (offline, a busy lane, a retry's backoff) while the user makes more of
// them and the server changes underneath, then go up to a real Dovecot together.
import { describe, expect, it } from 'vitest'
import { holdPushes as holdPushesOf } from './fixtures/hold-pushes'
import { localFolder, moveOnServer, serverFolder, storedFlags, uidOf } from './fixtures/server-mailbox'
import {
  addSyncedFolders,
  closeMailbox,
  expectInStep,
  copiesOf,
  inInboxAndArchive,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()

type Box = Awaited<ReturnType<typeof mailbox>>

const holdPushes = (box: Box) => holdPushesOf(box.fixture, box.accountId)

describe('local changes made while earlier ones wait', () => {
  it('moved, then flagged, before either went up: the flag stays on the moved copy, locally and on the server', async () => {
    const box = await mailbox('remy', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const archive = await specialFolder(box, '\\Archive')
      const release = holdPushes(box)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: archive.id })
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      // Before any pass: the move's placement must not put back the flags of the move's moment.
      expect(storedFlags(box.db, pk)).toContain('\\Flagged')
      expect([...localFolder(box.db, box.accountId, 'Archive').values()][0]!.flags).toContain('\\Flagged')
      const onServer = await serverFolder(box.other, 'Archive')
      expect(onServer.get(uidOf(onServer, messageId))!.flags).toContain('\\Flagged')
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('moved into a folder another client renamed before the move went up: it lands in the renamed folder', async () => {
    const box = await mailbox('rory', 2)
    try {
      const ids = await addSyncedFolders(box, { Proj: ['rory-p1'] })
      const { messageId } = box.corpus[0]!
      const release = holdPushes(box)
      await box.fixture.call('messages.move', { messageIds: [box.messagePk(messageId)], folderId: ids.Proj! })
      await box.other.mailboxRename('Proj', 'Projects')
      // The push comes before any pass has listed the rename.
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const projects = [...(await serverFolder(box.other, 'Projects')).values()].map((m) => m.messageId)
      expect(projects.sort()).toEqual(['<rory-p1@example.test>', messageId].sort())
      const folder = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.id === ids.Proj
      )
      expect(folder).toMatchObject({ path: 'Projects', onServer: true })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Projects')
    } finally {
      await closeMailbox(box)
    }
  })

  it('archived from a folder another client renamed before the archive went up: it reaches Archive at once', async () => {
    const box = await mailbox('rafa', 1)
    try {
      const ids = await addSyncedFolders(box, { Proj: ['rafa-p1'] })
      const pk = box.messagePk('<rafa-p1@example.test>')
      const archive = await specialFolder(box, '\\Archive')
      const release = holdPushes(box)
      await box.fixture.call('messages.move', {
        messageIds: [pk],
        folderId: archive.id,
        fromFolderId: ids.Proj
      })
      await box.other.mailboxRename('Proj', 'Projects')
      // The push comes before any pass has listed the rename: not left failing until one does.
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect([...(await serverFolder(box.other, 'Archive')).values()].map((m) => m.messageId)).toEqual([
        '<rafa-p1@example.test>'
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'Projects', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('flagged in a folder another client renamed before the flag went up: the flag reaches it there at once', async () => {
    const box = await mailbox('rick', 1)
    try {
      await addSyncedFolders(box, { Proj: ['rick-p1'] })
      const pk = box.messagePk('<rick-p1@example.test>')
      const release = holdPushes(box)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      await box.other.mailboxRename('Proj', 'Projects')
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const projects = await serverFolder(box.other, 'Projects')
      expect(projects.get(uidOf(projects, '<rick-p1@example.test>'))!.flags).toContain('\\Flagged')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'Projects')
    } finally {
      await closeMailbox(box)
    }
  })

  it('deleted and restored (Undo) before either went up, a message in two folders leaves no copy in Trash', async () => {
    const box = await mailbox('rina', 2)
    try {
      const { messageId, pk } = await inInboxAndArchive(box)
      const release = holdPushes(box)
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      await box.fixture.call('trash.restore', { messageIds: [pk] })
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect([...(await serverFolder(box.other, 'Trash')).values()]).toEqual([])
      // Each copy back in the folder it came from, not both in the first.
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive')).toEqual([1, 1])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive', 'Trash')
      expect(await box.fixture.call('trash.list', { accountId: box.accountId })).toEqual([])
    } finally {
      await closeMailbox(box)
    }
  })

  it('a message in two folders, deleted and restored days later, goes back to both folders', async () => {
    const box = await mailbox('rita', 2)
    try {
      const { messageId, pk } = await inInboxAndArchive(box)
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive', 'Trash')).toEqual([0, 0, 2])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await box.fixture.call('trash.list', { accountId: box.accountId })).toMatchObject([
        { messageId: pk, originFolder: 'INBOX', originFolders: ['INBOX', 'Archive'] }
      ])
      await box.fixture.call('trash.restore', { messageIds: [pk] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await copiesOf(box, messageId, 'INBOX', 'Archive', 'Trash')).toEqual([1, 1, 0])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive', 'Trash')
    } finally {
      await closeMailbox(box)
    }
  })

  it('a move that fails for good: what the server did to its messages meanwhile still comes back', async () => {
    const box = await mailbox('rosa', 3)
    try {
      await box.other.mailboxCreate('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const gone = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Gone'
      )!
      const [kept, expunged] = box.corpus
      const release = holdPushes(box)
      await box.fixture.call('messages.move', {
        messageIds: [box.messagePk(kept!.messageId), box.messagePk(expunged!.messageId)],
        folderId: gone.id
      })
      // Meanwhile another program flags one, expunges the other and deletes the folder; a pass
      // runs (its QRESYNC answer covers both, though Rapport has them in Gone for now).
      const inbox = await serverFolder(box.other, 'INBOX')
      const lock = await box.other.getMailboxLock('INBOX')
      try {
        await box.other.messageFlagsAdd(String(uidOf(inbox, kept!.messageId)), ['\\Flagged'], { uid: true })
        await box.other.messageDelete(String(uidOf(inbox, expunged!.messageId)), { uid: true })
      } finally {
        lock.release()
      }
      await box.other.mailboxDelete('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await release()
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed' })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX')
    } finally {
      await closeMailbox(box)
    }
  })

  it.each([
    ['with another message', 'rowan', 2],
    ['alone', 'runa', 1]
  ] as const)(
    'archived here (%s) after another client moved it to Trash, before the archive went up: the user is told, and it stays where the server has it',
    async (_how, name, count) => {
      const box = await mailbox(name, count)
      try {
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const [overtaken, archived] = box.corpus.map((m) => m.messageId) as [string, string | undefined]
        const release = holdPushes(box)
        await box.fixture.call('messages.archive', {
          messageIds: box.corpus.map((m) => box.messagePk(m.messageId))
        })
        await moveOnServer(box.other, 'INBOX', overtaken, 'Trash')
        await release()
        // The archive of the other message went up; the overtaken one is said, not dropped.
        const tasks = await box.fixture.call('tasks.list', { accountId: box.accountId })
        expect(tasks).toMatchObject([{ kind: 'move', state: 'failed', lastErrorCode: 'CHANGED_ELSEWHERE' }])
        expect(tasks[0]!.lastError).toMatch(
          new RegExp(`^1 of ${count} messages were moved or deleted by another program`)
        )
        expect(await copiesOf(box, overtaken, 'INBOX', 'Archive', 'Trash')).toEqual([0, 0, 1])
        if (archived) expect(await copiesOf(box, archived, 'INBOX', 'Archive', 'Trash')).toEqual([0, 1, 0])
        // Nothing was undone or retried: the next pass shows the mail where the server has it.
        await box.fixture.call('sync.run', { accountId: box.accountId })
        await expectInStep(box, 'INBOX', 'Archive', 'Trash')
        expect(await box.fixture.call('tasks.list', { accountId: box.accountId, state: 'pending' })).toEqual(
          []
        )
      } finally {
        await closeMailbox(box)
      }
    }
  )

  it('flags a message that also has a copy in a folder deleted on the server: the live copy changes, nothing retries', async () => {
    const box = await mailbox('ruth', 0)
    try {
      await addSyncedFolders(box, { Aold: ['ruth-1'], Later: [] })
      const lock = await box.other.getMailboxLock('Aold')
      try {
        await box.other.messageCopy('1:*', 'Later')
      } finally {
        lock.release()
      }
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxDelete('Aold')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pk = box.messagePk('<ruth-1@example.test>')
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      // Done at the first try: the deleted folder is not selected (it would fail and back off).
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const later = await serverFolder(box.other, 'Later')
      expect(later.get(uidOf(later, '<ruth-1@example.test>'))!.flags).toContain('\\Flagged')
      // Another program clears it again: the copy in the deleted folder cannot outvote that.
      const again = await box.other.getMailboxLock('Later')
      try {
        await box.other.messageFlagsRemove('1:*', ['\\Flagged'])
      } finally {
        again.release()
      }
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(storedFlags(box.db, pk)).not.toContain('\\Flagged')
      // A move of it goes up from the live copy alone, also at the first try.
      await box.fixture.call('messages.archive', { messageIds: [pk] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect([...(await serverFolder(box.other, 'Archive')).values()].map((m) => m.messageId)).toEqual([
        '<ruth-1@example.test>'
      ])
    } finally {
      await closeMailbox(box)
    }
  })
})
