// The user's changes still on their way to the server, against the server's changes to the
// same mail: a copy stored while a flag change waits, a copy a waiting move leaves behind, and a
// move that fails for good after a flag change made behind it.
import { describe, expect, it } from 'vitest'
import { holdPushes as holdPushesOf } from './fixtures/hold-pushes'
import { serverFolder, storedFlags, uidOf } from './fixtures/server-mailbox'
import {
  closeMailbox,
  copyOnServer,
  expectInStep,
  inInboxAndArchive,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes()
type Box = Awaited<ReturnType<typeof mailbox>>
const holdPushes = (box: Box) => holdPushesOf(box.fixture, box.accountId)

describe('changes still on their way to the server', () => {
  it('marked unread while offline, then a pass stores a copy another program filed meanwhile: it stays unread (pending change on top)', async () => {
    const box = await mailbox('pendc', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: true })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      const release = holdPushes(box)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], seen: false })
      // Another program files a copy of the (still read on the server) message in Archive.
      await copyOnServer(box, messageId, 'Archive')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const row = box.db.prepare('SELECT is_seen, flags_json FROM messages WHERE id = ?').get(pk) as {
        is_seen: number
        flags_json: string
      }
      // The user's unread still waits to go up: it is shown on top of the server's flags.
      expect(JSON.parse(row.flags_json)).not.toContain('\\Seen')
      expect(row.is_seen).toBe(0)
      await release()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('moved, then flagged, before either went up; the move fails for good: the mail is back where it was, still flagged', async () => {
    const box = await mailbox('undof', 2)
    try {
      await box.other.mailboxCreate('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const gone = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Gone'
      )!
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const release = holdPushes(box)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: gone.id })
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      expect(storedFlags(box.db, pk)).toContain('\\Flagged')
      await box.other.mailboxDelete('Gone')
      await release()
      const tasks = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(tasks).toMatchObject([{ kind: 'move', state: 'failed' }])
      // The flag went up to the copy in INBOX; Rapport shows it as the server has it.
      const onServer = await serverFolder(box.other, 'INBOX')
      expect(onServer.get(uidOf(onServer, messageId))!.flags).toContain('\\Flagged')
      expect(storedFlags(box.db, pk)).toContain('\\Flagged')
    } finally {
      await closeMailbox(box)
    }
  })

  it('archived while offline, a copy already in Archive flagged by another program meanwhile: the flag is shown once the archive went up', async () => {
    const box = await mailbox('skipf', 2)
    try {
      const { messageId, pk } = await inInboxAndArchive(box)
      const release = holdPushes(box)
      await box.fixture.call('messages.archive', { messageIds: [pk] })
      // Another program flags the copy that was in Archive already.
      const archived = await serverFolder(box.other, 'Archive')
      const lock = await box.other.getMailboxLock('Archive')
      try {
        await box.other.messageFlagsAdd(String(uidOf(archived, messageId)), ['\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      // A pass while the archive still waits (offline for the push, say), then the push and passes.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
      expect(storedFlags(box.db, pk)).toContain('\\Flagged')
    } finally {
      await closeMailbox(box)
    }
  })
})
