// Local changes going up to a real Dovecot: flags, moves, archive, delete, \\Answered on reply,
// failures, and a folder renumbered (UIDVALIDITY) under pending changes.
import { ImapFlow } from 'imapflow'
import { describe, expect, it, vi } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { holdPushes } from './fixtures/hold-pushes'
import { localFolder, serverFolder, uidOf } from './fixtures/server-mailbox'
import {
  addSyncedFolders,
  closeMailbox,
  expectInStep,
  renumber,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

describe('local -> server', () => {
  it('pushes read, flagged, move and delete as tasks, and threads.markRead too', async () => {
    const box = await mailbox('ivan', 6)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [a, b, c, d] = box.corpus.map((m) => box.messagePk(m.messageId))
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      const archive = folders.find((f) => f.specialUse === '\\Archive')!
      expect(
        await box.fixture.call('messages.setFlags', { messageIds: [a!], seen: true, flagged: true })
      ).toEqual({
        changed: 1
      })
      const move = await box.fixture.call('messages.move', { messageIds: [b!], folderId: archive.id })
      expect(move.moved).toBe(1)
      const queued = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(move.taskIds).toEqual(queued.filter((t) => t.kind === 'move').map((t) => t.id))
      // Local first: the move shows before the server has it.
      expect([...localFolder(box.db, box.accountId, 'Archive').values()].map((m) => m.messageId)).toEqual([
        box.corpus[1]!.messageId
      ])
      await box.fixture.call('messages.delete', { messageIds: [c!] })
      const thread = (
        box.db.prepare('SELECT thread_id FROM messages WHERE id = ?').get(d!) as { thread_id: number }
      ).thread_id
      await box.fixture.call('threads.markRead', { threadId: thread })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await expectInStep(box, 'INBOX', 'Archive', 'Trash')
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, box.corpus[0]!.messageId))!.flags).toEqual(['\\Flagged', '\\Seen'])
      expect(inbox.get(uidOf(inbox, box.corpus[3]!.messageId))!.flags).toContain('\\Seen')
      // The next sync finds nothing to change and duplicates nothing.
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(0)
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 6 })
    } finally {
      await closeMailbox(box)
    }
  })

  it('archives 2,500 messages at once, in several MOVE commands, each to the UID the server gave it', async () => {
    const box = await mailbox('bulk', 2_500)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const all = box.corpus.map((m) => box.messagePk(m.messageId))
      expect(await box.fixture.call('messages.archive', { messageIds: all })).toEqual({
        moved: 2_500,
        taskIds: [expect.any(Number)]
      })
      // Watched, not replaced: the real MOVE commands still go to Dovecot.
      const moves = vi.spyOn(ImapFlow.prototype, 'messageMove')
      try {
        await box.fixture.core.workspace.sync.pushTasks(box.accountId)
        // How many UIDs each command's set ("1:1000,1003") names.
        const size = (set: unknown) =>
          String(set)
            .split(',')
            .map((range) => range.split(':').map(Number))
            .reduce((n, [from, to]) => n + (to ?? from!) - from! + 1, 0)
        expect(moves.mock.calls.map(([uids]) => size(uids))).toEqual([1000, 1000, 500])
      } finally {
        moves.mockRestore()
      }
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await expectInStep(box, 'INBOX', 'Archive')
      expect((await serverFolder(box.other, 'Archive')).size).toBe(2_500)
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(0)
    } finally {
      await closeMailbox(box)
    }
  })

  it('archives to the Archive folder and marks the message a reply answers \\Answered, locally and on the server', async () => {
    const box = await mailbox('ivy', 3)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [first, second] = box.corpus
      expect(
        await box.fixture.call('messages.archive', { messageIds: [box.messagePk(first!.messageId)] })
      ).toEqual({ moved: 1, taskIds: [expect.any(Number)] })
      const parentPk = box.messagePk(second!.messageId)
      await box.fixture.call('messages.send', {
        accountId: box.accountId,
        to: ['someone@example.test'],
        subject: `Re: ${second!.subject}`,
        text: 'Noted.',
        inReplyTo: second!.messageId
      })
      // Local first: the reply's parent is answered as soon as the send is recorded.
      const parent = (await box.fixture.call('messages.list', { accountId: box.accountId })).find(
        (m) => m.id === parentPk
      )
      expect(parent!.flags).toContain('\\Answered')
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, second!.messageId))!.flags).toContain('\\Answered')
      const archive = await serverFolder(box.other, 'Archive')
      expect([...archive.values()].map((m) => m.messageId)).toEqual([first!.messageId])
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('pushes a flag and a move made after the server renumbered the folder (UIDVALIDITY) to the same messages', async () => {
    const box = await mailbox('ike', 4)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [flagged, moved] = box.corpus.map((m) => m.messageId)
      // The server renumbers INBOX (a restore, a migration) before Rapport has seen it: the
      // stored UIDs are void when the user's changes go up.
      await renumber(servers.server, box, 'INBOX', 4242)
      const archive = await specialFolder(box, '\\Archive')
      await box.fixture.call('messages.setFlags', { messageIds: [box.messagePk(flagged!)], flagged: true })
      await box.fixture.call('messages.move', { messageIds: [box.messagePk(moved!)], folderId: archive.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = await serverFolder(box.other, 'INBOX')
      expect(inbox.get(uidOf(inbox, flagged!))!.flags).toContain('\\Flagged')
      expect([...inbox.values()].map((m) => m.messageId)).not.toContain(moved)
      expect([...(await serverFolder(box.other, 'Archive')).values()].map((m) => m.messageId)).toEqual([
        moved
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Archive')
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps a message moved into a folder the server renumbers before the move goes up, never marked deleted', async () => {
    const box = await mailbox('yara', 3)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const moved = box.corpus[0]!.messageId
      const archive = await specialFolder(box, '\\Archive')
      await box.fixture.call('messages.move', { messageIds: [box.messagePk(moved)], folderId: archive.id })
      // The move waits (as in a retry backoff) while the server renumbers Archive.
      box.db.prepare('UPDATE tasks SET run_after = ?').run(Date.now() + 3_600_000)
      await renumber(servers.server, box, 'Archive', 5151)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const deleted = () =>
        box.db.prepare('SELECT count(*) AS n FROM messages WHERE deleted_on_server = 1').get() as {
          n: number
        }
      expect(deleted()).toEqual({ n: 0 })
      box.db.prepare('UPDATE tasks SET run_after = 0').run()
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(deleted()).toEqual({ n: 0 })
      await expectInStep(box, 'INBOX', 'Archive')
      expect([...(await serverFolder(box.other, 'Archive')).values()].map((m) => m.messageId)).toEqual([
        moved
      ])
    } finally {
      await closeMailbox(box)
    }
  })

  it('shows a flag change still waiting to go up as made across a renumbering of its folder', async () => {
    const box = await mailbox('wanda', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pk = box.messagePk(box.corpus[0]!.messageId)
      // The change waits (as offline) while the server renumbers INBOX and a pass takes that in.
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk], flagged: true })
      await renumber(servers.server, box, 'INBOX', 7171)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const flags = () =>
        JSON.parse(
          (box.db.prepare('SELECT flags_json FROM messages WHERE id = ?').get(pk) as { flags_json: string })
            .flags_json
        ) as string[]
      expect(flags()).toContain('\\Flagged')
      await release()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(flags()).toContain('\\Flagged')
      await expectInStep(box, 'INBOX')
    } finally {
      await closeMailbox(box)
    }
  })

  it('puts a move refused for good back under the folder’s new numbering, not the one it was made under', async () => {
    const box = await mailbox('viggo', 3)
    try {
      const { Projects: projects } = await addSyncedFolders(box, { Projects: [] })
      const moved = box.corpus[0]!.messageId
      // The move waits while the server renumbers INBOX, its source, and the pass takes that in.
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.move', { messageIds: [box.messagePk(moved)], folderId: projects! })
      await renumber(servers.server, box, 'INBOX', 6161)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Then its destination goes: the move fails for good, and the message goes back to INBOX.
      await box.other.mailboxDelete('Projects')
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toMatchObject([
        { kind: 'move', state: 'failed' }
      ])
      const stale = () =>
        box.db
          .prepare(
            `SELECT count(*) AS n FROM message_locations l JOIN folders f ON f.id = l.folder_id
             WHERE l.uid_validity <> f.uid_validity`
          )
          .get() as { n: number }
      expect(stale()).toEqual({ n: 0 })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(stale()).toEqual({ n: 0 })
      await expectInStep(box, 'INBOX')
      expect([...localFolder(box.db, box.accountId, 'INBOX').values()].map((m) => m.messageId)).toContain(
        moved
      )
    } finally {
      await closeMailbox(box)
    }
  })

  it('finds all its mail again by Message-ID when the server renumbers a folder, older mail too, fetching none of it', async () => {
    const box = await mailbox('quinn', 10)
    try {
      // Everything is here, though the account's window for new passes is the newest 4.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      box.db.prepare('UPDATE accounts SET import_limit = 4').run()
      const oldest = box.corpus[0]!.messageId
      const oldestUid = uidOf(await serverFolder(box.other, 'INBOX'), oldest)
      const lock = await box.other.getMailboxLock('INBOX')
      try {
        await box.other.messageFlagsAdd(String(oldestUid), ['\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      await renumber(servers.server, box, 'INBOX', 9090)
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(result!.fetched).toBe(0)
      await expectInStep(box, 'INBOX')
      expect(box.db.prepare('SELECT count(*) AS n FROM messages WHERE deleted_on_server = 1').get()).toEqual({
        n: 0
      })
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 10 })
      expect(
        (
          box.db.prepare('SELECT flags_json FROM messages WHERE message_id = ?').get(oldest) as {
            flags_json: string
          }
        ).flags_json
      ).toContain('Flagged')
      // New mail after the renumbering still arrives, and nothing is fetched twice.
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        `From: a@b.test\r\nTo: quinn@example.test\r\nSubject: After\r\nMessage-ID: <after-9090@b.test>\r\n\r\nx\r\n`
      ])
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(1)
      await expectInStep(box, 'INBOX')
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps its window when the server renumbers a folder holding an old twin of a stored Message-ID', async () => {
    const box = await mailbox('quincy', 0)
    try {
      // A mailing-list copy far below the window shares its Message-ID with a message inside it.
      const mail = (id: string) =>
        `From: a@b.test\r\nTo: quincy@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@b.test>\r\n\r\nx\r\n`
      const fillers = Array.from({ length: 20 }, (_, i) => mail(`filler-${i}`))
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('twin'),
        ...fillers,
        mail('twin'),
        mail('n1'),
        mail('n2')
      ])
      box.db.prepare('UPDATE accounts SET import_limit = 3').run()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await renumber(servers.server, box, 'INBOX', 7070)
      const [result] = await box.fixture.call('sync.run', { accountId: box.accountId })
      // The newest three are found again where they are; none of the 20 fillers is fetched.
      const byUid = (state: Map<number, unknown>) => [...state.entries()].sort(([a], [b]) => a - b)
      const newest = byUid(await serverFolder(box.other, 'INBOX')).slice(-3)
      expect({ fetched: result!.fetched, local: byUid(localFolder(box.db, box.accountId, 'INBOX')) }).toEqual(
        {
          fetched: 0,
          local: newest
        }
      )
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [mail('after')])
      const [next] = await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(next!.fetched).toBe(1)
    } finally {
      await closeMailbox(box)
    }
  })

  it('deletes only the copy the user saw when the server renumbers the folder under it, not an old namesake', async () => {
    const box = await mailbox('otto', 0)
    try {
      // A sender reused a Message-ID: the old message is below the window, so Rapport never had it.
      const mail = (id: string, subject: string) =>
        `From: a@b.test\r\nTo: otto@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}@b.test>\r\n\r\nx\r\n`
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('reused', 'Old contract'),
        mail('f1', 'f1'),
        mail('f2', 'f2'),
        mail('reused', 'New newsletter')
      ])
      box.db.prepare('UPDATE accounts SET import_limit = 3').run()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const reused = '<reused@b.test>'
      // The server renumbers INBOX before the delete goes up: its stored UID is void.
      await renumber(servers.server, box, 'INBOX', 4343)
      await box.fixture.call('messages.delete', { messageIds: [box.messagePk(reused)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      // Renumbering keeps the order: the old message is still at UID 1, the one deleted went.
      const ids = async (path: string) =>
        [...(await serverFolder(box.other, path)).entries()].map(([uid, m]) => [uid, m.messageId])
      expect(await ids('INBOX')).toEqual([
        [1, reused],
        [2, '<f1@b.test>'],
        [3, '<f2@b.test>']
      ])
      expect((await ids('Trash')).map(([, id]) => id)).toEqual([reused])
    } finally {
      await closeMailbox(box)
    }
  })

  it('flags only the copy the user saw when the server renumbers the folder under it, not a newer namesake', async () => {
    const box = await mailbox('olive', 0)
    try {
      const mail = (id: string, body: string) =>
        `From: a@b.test\r\nTo: olive@example.test\r\nSubject: ${id}\r\nMessage-ID: <${id}@b.test>\r\n\r\n${body}\r\n`
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('a', 'x'),
        mail('list', 'the post')
      ])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // The list delivers the post again, with its footer (a namesake of another size), and the
      // server renumbers INBOX before Rapport has seen either.
      await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
        mail('list', 'the post\r\n-- \r\nUnsubscribe: https://list.example/')
      ])
      await renumber(servers.server, box, 'INBOX', 4444)
      await box.fixture.call('messages.setFlags', {
        messageIds: [box.messagePk('<list@b.test>')],
        flagged: true
      })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      // The copy Rapport had is at UID 2 (renumbering keeps the order), the namesake at UID 3.
      const inbox = await serverFolder(box.other, 'INBOX')
      expect([...inbox.entries()].map(([uid, m]) => [uid, m.flags.includes('\\Flagged')])).toEqual([
        [1, false],
        [2, true],
        [3, false]
      ])
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps a task that fails for good with the server’s error, and puts the message back', async () => {
    const box = await mailbox('judy', 2)
    try {
      await box.other.mailboxCreate('Gone')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.other.mailboxDelete('Gone')
      const gone = (await box.fixture.call('folders.list', { accountId: box.accountId })).find(
        (f) => f.path === 'Gone'
      )!
      const pk = box.messagePk(box.corpus[0]!.messageId)
      const { taskIds } = await box.fixture.call('messages.move', { messageIds: [pk], folderId: gone.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ kind: 'move', state: 'failed', messageCount: 1, folder: 'Gone' })
      // The move answered with its task: that is how the UI knows its Undo has nothing to undo.
      expect(taskIds).toEqual([task!.id])
      // The server's own words alone: the UI says which change it was, in the user's language.
      expect(task).toMatchObject({ lastErrorCode: 'SERVER_SAID' })
      expect(task!.lastError).toMatch(/exist.*Gone/i)
      expect(task!.lastError).not.toMatch(/Could not move/)
      await expectInStep(box, 'INBOX')
      // Seen and dismissed by the user: gone from the list. A pending change is never dismissed.
      const pending = box.fixture.core.workspace.tasks.enqueue(box.accountId, {
        kind: 'flags',
        payload: { messageIds: [], add: [], remove: [] }
      })
      expect(await box.fixture.call('tasks.dismiss', { ids: [task!.id, pending] })).toEqual({ dismissed: 1 })
      expect((await box.fixture.call('tasks.list', { accountId: box.accountId })).map((t) => t.id)).toEqual([
        pending
      ])
    } finally {
      await closeMailbox(box)
    }
  })
})
