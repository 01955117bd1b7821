// A server without UIDPLUS has no UID EXPUNGE: a move there (COPY, STORE \Deleted, EXPUNGE) used
// to erase every message of the folder marked \Deleted, also those another mail program (Outlook,
// Apple Mail, Thunderbird set to "mark as deleted") had only marked and still offers to undelete.
import { describe, expect, it } from 'vitest'
import { serverFolder, uidOf } from './fixtures/server-mailbox'
import { closeMailbox, expectInStep, useSyncMailboxes } from './fixtures/sync-mailbox'

const { mailbox } = useSyncMailboxes({ plain: true })

describe('mail another program marked deleted, on a server without UIDPLUS', () => {
  it('is neither erased nor unmarked when Rapport archives or deletes other mail in its folder', async () => {
    const box = await mailbox('markeddel', 4)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const [marked, archived, deleted] = box.corpus.map((m) => m.messageId)
      const uid = uidOf(await serverFolder(box.other, 'INBOX'), marked!)
      const lock = await box.other.getMailboxLock('INBOX')
      try {
        await box.other.messageFlagsAdd(String(uid), ['\\Deleted'], { uid: true })
      } finally {
        lock.release()
      }
      await box.fixture.call('messages.archive', { messageIds: [box.messagePk(archived!)] })
      await box.fixture.call('messages.delete', { messageIds: [box.messagePk(deleted!)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const inbox = [...(await serverFolder(box.other, 'INBOX')).values()]
      // Still there, and still marked: the other program goes on offering to undelete it.
      expect(inbox.filter((m) => m.messageId === marked).map((m) => m.flags)).toEqual([
        expect.arrayContaining(['\\Deleted'])
      ])
      expect(inbox.map((m) => m.messageId)).not.toContain(archived)
      expect(inbox.map((m) => m.messageId)).not.toContain(deleted)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await expectInStep(box, 'INBOX', 'Arsip Surat', 'Sampah')
    } finally {
      await closeMailbox(box)
    }
  })

  it('is spared also when it is thousands of scattered messages (one STORE would pass the line limit)', async () => {
    const box = await mailbox('markedmany', 2)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const lock = await box.other.getMailboxLock('INBOX')
      let marked: number[]
      try {
        // 32,768 copies of one message in 15 COPYs, every other one marked deleted: 16,384 UIDs
        // with no two in a row, ~100 kB as a set (Dovecot's imap_max_line_length is 64 kB).
        const filler =
          'From: f@client.test\r\nSubject: filler\r\nMessage-ID: <filler@client.test>\r\n\r\nx\r\n'
        const appended = await box.other.append('INBOX', filler)
        if (!appended || !appended.uid) throw new Error('the filler was not appended')
        const first = appended.uid
        for (let copies = 1; copies < 32_768; copies *= 2)
          await box.other.messageCopy(`${first}:*`, 'INBOX', { uid: true })
        const fillers = await box.other.search({ uid: `${first}:*` }, { uid: true })
        marked = (fillers as number[]).filter((uid) => uid % 2 === 1)
        for (let at = 0; at < marked.length; at += 500)
          await box.other.messageFlagsAdd(marked.slice(at, at + 500).join(','), ['\\Deleted'], { uid: true })
      } finally {
        lock.release()
      }
      const archived = box.corpus[0]!.messageId
      await box.fixture.call('messages.archive', { messageIds: [box.messagePk(archived)] })
      await box.fixture.core.workspace.sync.pushTasks(box.accountId)
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      const check = await box.other.getMailboxLock('INBOX')
      try {
        expect(await box.other.search({ deleted: true }, { uid: true })).toEqual(marked)
      } finally {
        check.release()
      }
    } finally {
      await closeMailbox(box)
    }
  }, 120_000)

  it('is neither erased nor unmarked when Rapport replaces its own draft in the Drafts folder', async () => {
    const box = await mailbox('markeddraft', 0)
    try {
      const drafts = 'Draf Pesan'
      const phoneDraft = '<phone-draft@client.test>'
      await box.other.append(
        drafts,
        `From: markeddraft@example.test\r\nSubject: Old idea\r\nMessage-ID: ${phoneDraft}\r\n\r\nmaybe\r\n`,
        ['\\Draft', '\\Deleted']
      )
      const draft = {
        kind: 'new' as const,
        accountId: box.accountId,
        to: 'ana@client.test',
        subject: 'Visit',
        later: ''
      }
      await box.fixture.call('drafts.save', { ...draft, text: 'First words' })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Changed, Rapport's copy is replaced: the old one is deleted by UID.
      await box.fixture.call('drafts.save', { ...draft, text: 'Second words' })
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const left = [...(await serverFolder(box.other, drafts)).values()]
      expect(left.filter((m) => m.messageId === phoneDraft).map((m) => m.flags)).toEqual([
        expect.arrayContaining(['\\Deleted'])
      ])
      expect(left).toHaveLength(2)
    } finally {
      await closeMailbox(box)
    }
  })
})
