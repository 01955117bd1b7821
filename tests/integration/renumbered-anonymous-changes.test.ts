// The user's changes to mail without a Message-ID (old system mail, some automated senders) in a
// folder the server renumbers (a new UIDVALIDITY) before they go up, against a real Dovecot: Rapport's id
// for such mail is made up, so no SEARCH finds it; the change must still reach it, not be dropped
// unsaid (a flag) or refused as the doing of "another program" (a delete).
import { describe, expect, it } from 'vitest'
import { appendMessages } from '../support/dovecot'
import { holdPushes } from './fixtures/hold-pushes'
import { serverFolder } from './fixtures/server-mailbox'
import { closeMailbox, renumber, useSyncMailboxes } from './fixtures/sync-mailbox'

const { servers, mailbox } = useSyncMailboxes()

const anonymous = (subject: string, minute: number) =>
  `From: robot@example.test\r\nTo: someone@example.test\r\nSubject: ${subject}\r\n` +
  `Date: Mon, 1 Jun 2026 10:${String(minute).padStart(2, '0')}:00 +0000\r\n\r\nbody of ${subject}\r\n`

/** A mailbox whose INBOX holds three messages without a Message-ID, synced; their pks by subject. */
async function anonymousInbox(name: string) {
  const box = await mailbox(name, 0)
  await appendMessages(servers.server, box.user.user, box.user.password, 'INBOX', [
    anonymous('invoice', 1),
    anonymous('alert', 2),
    anonymous('report', 3)
  ])
  await box.fixture.call('sync.run', { accountId: box.accountId })
  const pk = (subject: string) =>
    (box.db.prepare('SELECT id FROM messages WHERE subject = ?').get(subject) as { id: number }).id
  return { box, pk }
}

/** What the server holds of the folder: subject and flags, in UID order. */
async function onServer(box: Awaited<ReturnType<typeof mailbox>>, path: string) {
  const lock = await box.other.getMailboxLock(path)
  try {
    const found: Array<{ subject: string; flags: string[] }> = []
    for await (const m of box.other.fetch('1:*', { uid: true, envelope: true, flags: true }, { uid: true }))
      found.push({ subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])].sort() })
    return found
  } finally {
    lock.release()
  }
}

describe('changes to mail without a Message-ID in a folder the server renumbers', () => {
  it('flags and deletes the messages the user chose when the changes go up before any pass', async () => {
    const { box, pk } = await anonymousInbox('anya')
    try {
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.setFlags', { messageIds: [pk('invoice')], flagged: true })
      await box.fixture.call('messages.delete', { messageIds: [pk('alert')] })
      await renumber(servers.server, box, 'INBOX', 4545)
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await onServer(box, 'INBOX')).toEqual([
        { subject: 'invoice', flags: ['\\Flagged'] },
        { subject: 'report', flags: [] }
      ])
      expect((await onServer(box, 'Trash')).map((m) => m.subject)).toEqual(['alert'])
      // The pass after finds each where it is, once.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 3 })
      expect((await serverFolder(box.other, 'INBOX')).size).toBe(2)
      const flagged = box.db
        .prepare('SELECT flags_json FROM messages WHERE id = ?')
        .pluck()
        .get(pk('invoice'))
      expect(JSON.parse(flagged as string)).toEqual(['\\Flagged'])
    } finally {
      await closeMailbox(box)
    }
  })

  it('deletes the message the user chose when a pass takes in the renumbering before the delete goes up', async () => {
    const { box, pk } = await anonymousInbox('anouk')
    try {
      const release = holdPushes(box.fixture, box.accountId)
      await box.fixture.call('messages.delete', { messageIds: [pk('alert')] })
      await renumber(servers.server, box, 'INBOX', 4646)
      await box.fixture.call('sync.run', { accountId: box.accountId })
      await release()
      expect(await box.fixture.call('tasks.list', { accountId: box.accountId })).toEqual([])
      expect(await onServer(box, 'INBOX')).toEqual([
        { subject: 'invoice', flags: [] },
        { subject: 'report', flags: [] }
      ])
      expect((await onServer(box, 'Trash')).map((m) => m.subject)).toEqual(['alert'])
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const inTrash = box.db
        .prepare(
          `SELECT m.subject FROM message_locations l JOIN folders f ON f.id = l.folder_id
           JOIN messages m ON m.id = l.message_pk WHERE f.path = 'Trash'`
        )
        .pluck()
        .all()
      expect(inTrash).toEqual(['alert'])
      expect(box.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 3 })
    } finally {
      await closeMailbox(box)
    }
  })
})
