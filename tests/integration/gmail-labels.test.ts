// A Gmail-like server: labels are folders, so one message (same Message-ID, same bytes) is in INBOX,
// "[Gmail]/All Mail" (\All), "[Gmail]/Sent Mail" and a label folder at once, and there is no
// Archive folder. Dovecot keeps real copies where Gmail keeps one message with labels, so the
// other mail program puts each copy there itself, as Gmail would show them.
import { describe, expect, it } from 'vitest'
import {
  threadMailTargets,
  archiveFolderOf
} from '../../src-renderer/src/features/thread/thread-mail-targets'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { expunge, serverFolder, uidOf } from './fixtures/server-mailbox'
import {
  closeMailbox,
  copiesOf,
  copyOnServer,
  shownMessage,
  specialFolder,
  useSyncMailboxes
} from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes({ gmail: true })
const ALL = '[Gmail]/All Mail'
const SENT = '[Gmail]/Sent Mail'
const LABEL = 'Clients/Acme'

type Box = Awaited<ReturnType<typeof mailbox>>

/**
 * Every message in INBOX and All Mail, the first also under the label and the second in Sent Mail;
 * synced once with the default folders (All Mail among them), then with `chosen` ticked too.
 */
async function labelled(name: string, count: number, chosen = [LABEL]): Promise<Box> {
  const box = await mailbox(name, count, { folders: [LABEL] })
  const [first, second] = box.corpus
  for (const m of box.corpus) await copyOnServer(box, m.messageId, ALL)
  await copyOnServer(box, first!.messageId, LABEL)
  await copyOnServer(box, second!.messageId, SENT)
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
  for (const f of folders.filter((f) => chosen.includes(f.path)))
    await box.fixture.call('folders.setSync', { folderId: f.id, enabled: true })
  await box.fixture.call('sync.run', { accountId: box.accountId })
  return box
}

const foldersOf = (box: Box, pk: number): string[] =>
  box.db
    .prepare(
      `SELECT f.path FROM message_locations l JOIN folders f ON f.id = l.folder_id
       WHERE l.message_pk = ? ORDER BY f.path`
    )
    .pluck()
    .all(pk) as string[]

describe('a Gmail mailbox, its labels as folders', () => {
  it('syncs All Mail by default, as its archive, and no label', async () => {
    const box = await mailbox('gmdefault', 1, { folders: [LABEL] })
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      expect(folders.find((f) => f.path === ALL)).toMatchObject({ specialUse: '\\All', syncEnabled: true })
      expect(folders.filter((f) => f.syncEnabled).map((f) => f.path)).toEqual([
        'INBOX',
        ALL,
        '[Gmail]/Drafts',
        SENT,
        '[Gmail]/Spam',
        '[Gmail]/Trash'
      ])
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps one message, one conversation and one unread count per message across its folders', async () => {
    const box = await labelled('gmone', 3)
    try {
      const stored = box.db.prepare('SELECT count(*) FROM messages').pluck().get()
      expect(stored).toBe(3)
      expect(foldersOf(box, box.messagePk(box.corpus[0]!.messageId))).toEqual([LABEL, 'INBOX', ALL])
      expect(foldersOf(box, box.messagePk(box.corpus[1]!.messageId))).toEqual(['INBOX', ALL, SENT])
      const threads = await box.fixture.call('threads.list', { accountId: box.accountId })
      expect(threads.map((t) => [t.messageCount, t.unreadCount])).toEqual([
        [1, 1],
        [1, 1],
        [1, 1]
      ])
      const conversations = await box.fixture.call('conversations.list', { inbox: 'all' })
      expect(conversations.map((c) => c.unreadCount)).toEqual([1, 1, 1])
      // Shown in INBOX, where the toolbars act on it.
      expect((await shownMessage(box, box.messagePk(box.corpus[0]!.messageId))).folder).toBe('INBOX')
    } finally {
      await closeMailbox(box)
    }
  })

  it('shows flags another program set on one copy, and does not push them to the other copies', async () => {
    const box = await labelled('gmflags', 2)
    try {
      const { messageId } = box.corpus[0]!
      const lock = await box.other.getMailboxLock(LABEL)
      try {
        await box.other.messageFlagsAdd('1:*', ['\\Seen', '\\Flagged'], { uid: true })
      } finally {
        lock.release()
      }
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pk = box.messagePk(messageId)
      expect((await shownMessage(box, pk)).flags.sort()).toEqual(['\\Flagged', '\\Seen'])
      expect(
        (await box.fixture.call('conversations.list', { inbox: 'all' })).map((c) => c.unreadCount)
      ).toEqual([1, 0])
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inInbox = (await serverFolder(box.other, 'INBOX')).get(
        uidOf(await serverFolder(box.other, 'INBOX'), messageId)
      )
      expect(inInbox?.flags).toEqual([])
    } finally {
      await closeMailbox(box)
    }
  })

  it('keeps a message whose label another program removed, shown in All Mail', async () => {
    const box = await labelled('gmunlabel', 2)
    try {
      const { messageId } = box.corpus[0]!
      await expunge(box.other, LABEL, '1:*')
      await expunge(box.other, 'INBOX', String(uidOf(await serverFolder(box.other, 'INBOX'), messageId)))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const pk = box.messagePk(messageId)
      expect(foldersOf(box, pk)).toEqual([ALL])
      expect(await shownMessage(box, pk)).toMatchObject({ folder: ALL, deletedOnServer: false })
    } finally {
      await closeMailbox(box)
    }
  })

  it('shows mail out of INBOX in its label or in Sent Mail, not in All Mail, which holds everything', async () => {
    const box = await labelled('gmshown', 2)
    try {
      const [labelledMail, sentMail] = box.corpus
      const inbox = await serverFolder(box.other, 'INBOX')
      await expunge(
        box.other,
        'INBOX',
        `${uidOf(inbox, labelledMail!.messageId)},${uidOf(inbox, sentMail!.messageId)}`
      )
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // All Mail was synced first, so its copies came first: the chip said "In All mail" and
      // search "· All mail" for a message moved to a label and for every message sent.
      expect((await shownMessage(box, box.messagePk(labelledMail!.messageId))).folder).toBe(LABEL)
      expect((await shownMessage(box, box.messagePk(sentMail!.messageId))).folder).toBe(SENT)
    } finally {
      await closeMailbox(box)
    }
  })

  it('archives as Gmail does: the mail leaves INBOX and stays in All Mail, the label kept', async () => {
    const box = await labelled('gmarchive', 2)
    try {
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      const inbox = await specialFolder(box, '\\Inbox')
      const folders = await box.fixture.call('folders.list', { accountId: box.accountId })
      // The toolbars offer it: All Mail stands for Archive.
      expect(archiveFolderOf(folders)?.path).toBe(ALL)
      expect(threadMailTargets([await shownMessage(box, pk)], folders).inInbox).toEqual([pk])
      await box.fixture.call('messages.archive', { messageIds: [pk], fromFolderId: inbox.id })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const [inInbox, inLabel, inAll] = await copiesOf(box, messageId, 'INBOX', LABEL, ALL)
      expect([inInbox, inLabel]).toEqual([0, 1])
      // Gmail keeps one; Dovecot has the moved copy besides the one All Mail had.
      expect(inAll).toBeGreaterThanOrEqual(1)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(foldersOf(box, pk)).not.toContain('INBOX')
      expect(await shownMessage(box, pk)).toMatchObject({ deletedOnServer: false })
      expect(box.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(2)
      // Found where it went: the other message, still in INBOX (and in Sent Mail), is not archived.
      const archived = await box.fixture.call('search.messages', { query: 'in:archive', limit: 10 })
      expect(archived.hits.map((h) => h.messageId)).toEqual([messageId])
    } finally {
      await closeMailbox(box)
    }
  })

  it('deletes to Trash without losing the message', async () => {
    const box = await labelled('gmdelete', 2)
    try {
      const { messageId } = box.corpus[0]!
      const pk = box.messagePk(messageId)
      await box.fixture.call('messages.delete', { messageIds: [pk] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await copiesOf(box, messageId, 'INBOX', LABEL)).toEqual([0, 0])
      const [inTrash] = await copiesOf(box, messageId, '[Gmail]/Trash')
      expect(inTrash).toBeGreaterThanOrEqual(1)
      expect(new Set(foldersOf(box, pk))).toEqual(new Set(['[Gmail]/Trash']))
      expect(await shownMessage(box, pk)).toMatchObject({ folder: '[Gmail]/Trash', deletedOnServer: false })
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('a Gmail mailbox synced with the default folders (All Mail among them, no label)', () => {
  it('does not call mail archived in another program deleted on the server', async () => {
    const box = await labelled('gmelsewhere', 2, [])
    try {
      const { messageId } = box.corpus[1]!
      await expunge(box.other, 'INBOX', String(uidOf(await serverFolder(box.other, 'INBOX'), messageId)))
      await expunge(box.other, SENT, '1:*')
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Still in All Mail on the server: archived (Gmail's phone app, its web page), not deleted.
      expect(await copiesOf(box, messageId, ALL)).toEqual([1])
      expect(await shownMessage(box, box.messagePk(messageId))).toMatchObject({ deletedOnServer: false })
    } finally {
      await closeMailbox(box)
    }
  })
})

describe('a Gmail mailbox added before All Mail was synced by default', () => {
  it('syncs All Mail after the upgrade, so mail archived in another program is not called deleted', async () => {
    const box = await mailbox('gmupgrade', 2)
    try {
      for (const m of box.corpus) await copyOnServer(box, m.messageId, ALL)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // As the account was left before: All Mail listed, never synced.
      const all = await specialFolder(box, '\\All')
      box.db.prepare('DELETE FROM message_locations WHERE folder_id = ?').run(all.id)
      box.db
        .prepare(
          `UPDATE folders SET sync_enabled = 0, uid_validity = NULL, uid_next = NULL, highest_modseq = NULL,
             lowest_synced_uid = NULL WHERE id = ?`
        )
        .run(all.id)
      // The upgrade.
      box.db.exec(bundledMigrations.find((m) => m.name === '0056_gmail_all_mail_synced.sql')!.sql)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { messageId } = box.corpus[0]!
      await expunge(box.other, 'INBOX', String(uidOf(await serverFolder(box.other, 'INBOX'), messageId)))
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(await shownMessage(box, box.messagePk(messageId))).toMatchObject({
        folder: ALL,
        deletedOnServer: false
      })
    } finally {
      await closeMailbox(box)
    }
  })
})
