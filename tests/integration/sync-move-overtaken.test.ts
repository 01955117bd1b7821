// A move that finds its messages gone from where it expected them, against a real Dovecot behind
// a proxy that can lose answers: reported as overtaken (CHANGED_ELSEWHERE) only when another
// program moved or expunged them first, never when Rapport's own earlier try did.
import type { ImapFlow } from 'imapflow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendMessages, startDovecot, type DovecotServer } from '../support/dovecot'
import {
  closeFaultMailbox as close,
  faultMailbox,
  settlesWithin,
  type FaultBox
} from './fixtures/fault-mailbox'
import { otherClient, serverFolder, uidOf } from './fixtures/server-mailbox'

let server: DovecotServer
beforeAll(async () => {
  server = await startDovecot({ users: [] })
})
afterAll(async () => {
  await server?.stop()
})

const tasks = (box: FaultBox) =>
  box.db.prepare('SELECT state, last_error_code AS code FROM tasks ORDER BY id').all()

/** A mailbox behind a proxy that can lose answers, and another program's session on it, for `test`. */
async function withMailbox(
  name: string,
  count: number,
  test: (box: FaultBox, other: ImapFlow) => Promise<void>
) {
  const box = await faultMailbox(server, name, count)
  const other = await otherClient(server, box.user)
  try {
    await test(box, other)
  } finally {
    await other.logout()
    await close(box)
  }
}

/** Another program acts on one INBOX message (by its UID) just before Rapport's UID MOVE goes up. */
function beforeRapportsMove(
  box: FaultBox,
  other: ImapFlow,
  messageId: string,
  act: (uid: string) => Promise<unknown>
): Promise<void> {
  return box.proxy.beforeCommand(/ UID MOVE /, 1, async () => {
    const inbox = await serverFolder(other, 'INBOX')
    const lock = await other.getMailboxLock('INBOX')
    try {
      await act(String(uidOf(inbox, messageId)))
    } finally {
      lock.release()
    }
  })
}

describe('a move whose answer was lost, tried again', () => {
  it('is not reported for a message without a Message-ID, which no search can find', () =>
    withMailbox('vesna', 1, async (box, other) => {
      const raw = [
        'From: a@x.example',
        'To: vesna@example.test',
        'Subject: no id',
        `Date: ${new Date().toUTCString()}`,
        '',
        'Hi',
        ''
      ].join('\r\n')
      await appendMessages(server, box.user.user, box.user.password, 'INBOX', [raw])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { id: pk } = box.db
        .prepare("SELECT id FROM messages WHERE message_id LIKE '%@rapport.invalid>'")
        .get() as { id: number }
      const archive = await box.fixture.folder(box.accountId, 'Archive')
      const cut = box.proxy.cutReplyTo(/ UID MOVE /)
      await box.fixture.call('messages.move', { messageIds: [pk], folderId: archive.id })
      await settlesWithin('the cut after MOVE', cut)
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      // Rapport moved it itself: it is in Archive, as the user asked, and nothing is reported.
      expect([...(await serverFolder(other, 'Archive')).values()]).toHaveLength(1)
      expect(tasks(box)).toEqual([])
    }))

  it('archived, then deleted before the archive’s answer came: the delete is made, not reported', () =>
    withMailbox('vera', 2, async (box, other) => {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const pk = box.pkOf(messageId)
      const cut = box.proxy.cutReplyTo(/ UID MOVE /)
      await box.fixture.call('messages.archive', { messageIds: [pk] })
      await settlesWithin('the cut after MOVE', cut)
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      const ids = async (path: string) =>
        [...(await serverFolder(other, path)).values()].map((m) => m.messageId)
      expect(tasks(box)).toEqual([])
      expect(await ids('Archive')).toEqual([])
      expect(await ids('Trash')).toEqual([messageId])
    }))
})

describe('a move another program overtook', () => {
  it('is reported as the move of that message alone, which shows where the server has it', () =>
    withMailbox('vito', 2, async (box, other) => {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [overtaken, archived] = box.corpus.map((m) => m.messageId) as [string, string]
      // Another program moves one to Trash just before Rapport's MOVE of both goes up.
      const moved = beforeRapportsMove(box, other, overtaken, (uid) =>
        other.messageMove(uid, 'Trash', { uid: true })
      )
      await box.fixture.call('messages.archive', { messageIds: [box.pkOf(overtaken), box.pkOf(archived)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await moved
      const listed = await box.fixture.call('tasks.list', { accountId: box.accountId })
      const archive = await box.fixture.folder(box.accountId, 'Archive')
      expect(listed).toMatchObject([
        {
          state: 'failed',
          lastErrorCode: 'CHANGED_ELSEWHERE',
          messageCount: 1,
          messageIds: [box.pkOf(overtaken)],
          folderId: archive.id,
          nowIn: ['Trash']
        }
      ])
      // Found in Trash at once, not shown as deleted on the server until some later pass.
      const row = box.db
        .prepare(
          `SELECT m.deleted_on_server AS deleted, f.path FROM messages m
           JOIN message_locations l ON l.message_pk = m.id JOIN folders f ON f.id = l.folder_id WHERE m.id = ?`
        )
        .all(box.pkOf(overtaken))
      expect(row).toEqual([{ deleted: 0, path: 'Trash' }])
      // The other message's archive was made: Dovecot moved none of the first MOVE's set.
      expect([...(await serverFolder(other, 'Archive')).values()].map((m) => m.messageId)).toEqual([archived])

      // "Move it anyway": from Trash, where the other program put it, to Archive after all.
      await box.fixture.call('tasks.moveAgain', { id: listed[0]!.id })
      expect(tasks(box)).toEqual([{ state: 'pending', code: null }])
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(tasks(box)).toEqual([])
      const ids = async (path: string) =>
        [...(await serverFolder(other, path)).values()].map((m) => m.messageId).sort()
      expect(await ids('Archive')).toEqual([overtaken, archived].sort())
      expect(await ids('Trash')).toEqual([])
      // Its failure went with it: asked again, there is nothing to move.
      expect((await box.fixture.error('tasks.moveAgain', { id: listed[0]!.id })).code).toBe('NOT_FOUND')
    }))

  it('deleted by the other program: says it is nowhere Rapport syncs, and moving it anyway keeps the notice', () =>
    withMailbox('vilma', 1, async (box, other) => {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const expunged = beforeRapportsMove(box, other, messageId, (uid) =>
        other.messageDelete(uid, { uid: true })
      )
      await box.fixture.call('messages.archive', { messageIds: [box.pkOf(messageId)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await expunged
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId })
      expect(task).toMatchObject({ lastErrorCode: 'CHANGED_ELSEWHERE', nowIn: [] })
      const refused = await box.fixture.error('tasks.moveAgain', { id: task!.id })
      expect(refused.code).toBe('NOT_FOUND')
      expect(refused.message).toMatch(/in no folder Rapport syncs/)
      expect(tasks(box)).toEqual([{ state: 'failed', code: 'CHANGED_ELSEWHERE' }])
    }))

  it('moved there by hand since: Move it anyway clears the notice and says so to the open list', () =>
    withMailbox('rina', 1, async (box, other) => {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      const moved = beforeRapportsMove(box, other, messageId, (uid) =>
        other.messageMove(uid, 'Trash', { uid: true })
      )
      await box.fixture.call('messages.archive', { messageIds: [box.pkOf(messageId)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await moved
      const [task] = await box.fixture.call('tasks.list', { accountId: box.accountId, state: 'failed' })
      expect(task).toMatchObject({ lastErrorCode: 'CHANGED_ELSEWHERE', nowIn: ['Trash'] })
      // The user files it in Archive again by hand; the notice (and its button) stays.
      const archive = await box.fixture.folder(box.accountId, 'Archive')
      await box.fixture.call('messages.move', { messageIds: [box.pkOf(messageId)], folderId: archive.id })
      const [still] = await box.fixture.call('tasks.list', { accountId: box.accountId, state: 'failed' })
      expect(still!.nowIn).toEqual(['Archive'])

      const from = box.fixture.events.length
      const result = await box.fixture.call('tasks.moveAgain', { id: task!.id })
      expect(result.moved).toBe(0)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId, state: 'failed' })).toEqual([])
      // The UI re-queries tasks.list only on a `changed` naming 'tasks'.
      const tables = box.fixture.events
        .slice(from)
        .filter((e) => e.name === 'changed')
        .flatMap((e) => (e.payload as { tables: string[] }).tables)
      expect(tables).toContain('tasks')
    }))
})
