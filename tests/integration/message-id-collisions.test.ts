// Message-IDs that are not unique (a buggy sender, a mailing list, a forged copy), absent, or
// malformed: each different message must be kept as itself, and an action on one must not reach
// the other on the server.
import { describe, expect, it } from 'vitest'
import { serverFolder } from './fixtures/server-mailbox'
import { renumber, useSyncedMailboxes } from './fixtures/sync-mailbox'

const mailbox = useSyncedMailboxes()

type Head = { from: string; subject: string; date: string; id?: string }

function mail(head: Head, body: string): string {
  return [
    `From: ${head.from}`,
    'To: me@example.test',
    `Subject: ${head.subject}`,
    `Date: ${head.date}`,
    ...(head.id === undefined ? [] : [`Message-ID: ${head.id}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body
  ].join('\r\n')
}

type Box = Awaited<ReturnType<typeof mailbox>>

/** Subjects of the account's messages stored under these senders, in id order. */
function storedSubjects(box: Box, ...senders: string[]): string[] {
  const rows = box.db
    .prepare(
      `SELECT subject FROM messages WHERE account_id = ? AND from_address IN (${senders.map(() => '?').join(',')})
       ORDER BY id`
    )
    .all(box.accountId, ...senders) as Array<{ subject: string }>
  return rows.map((r) => r.subject)
}

const pkOfSubject = (box: Box, subject: string) =>
  (box.db.prepare('SELECT id FROM messages WHERE subject = ?').get(subject) as { id: number }).id

const INVOICE: Head = {
  from: 'alice@a.test',
  subject: 'Invoice',
  date: 'Mon, 1 Jan 2024 10:00:00 +0000',
  id: '<dup@x.test>'
}
const LUNCH: Head = {
  from: 'mallory@m.test',
  subject: 'Lunch',
  date: 'Tue, 2 Jan 2024 10:00:00 +0000',
  id: '<dup@x.test>'
}

/** Two different messages under one Message-ID in INBOX, the second arriving after a pass. */
async function twoUnderOneId(name: string): Promise<Box> {
  const box = await mailbox(name, 1)
  await box.other.append('INBOX', mail(INVOICE, 'Please pay 100 euros.'))
  await box.sync()
  await box.other.append('INBOX', mail(LUNCH, 'See you at noon.'))
  await box.sync()
  return box
}

describe('two different messages under one Message-ID', () => {
  it('keeps the later one as a message of its own, found by search', async () => {
    const box = await twoUnderOneId('midkeep')
    expect(storedSubjects(box, 'alice@a.test', 'mallory@m.test')).toEqual(['Invoice', 'Lunch'])
    const { hits } = await box.fixture.call('search.messages', { query: 'noon' })
    expect(hits.map((h) => h.subject)).toEqual(['Lunch'])
  })

  it('deleting the one shown leaves the other in INBOX on the server', async () => {
    const box = await twoUnderOneId('middel')
    await box.fixture.call('messages.delete', { messageIds: [pkOfSubject(box, 'Invoice')] })
    await box.fixture.core.workspace.sync.pushTasks(box.accountId)
    expect([...(await serverFolder(box.other, 'INBOX')).values()].map((m) => m.messageId)).toContain(
      '<dup@x.test>'
    )
  })

  it('flagging the one shown does not flag the other on the server', async () => {
    const box = await twoUnderOneId('midflag')
    await box.fixture.call('messages.setFlags', { messageIds: [pkOfSubject(box, 'Invoice')], flagged: true })
    await box.fixture.core.workspace.sync.pushTasks(box.accountId)
    const flagged = [...(await serverFolder(box.other, 'INBOX')).values()].filter((m) =>
      m.flags.includes('\\Flagged')
    )
    expect(flagged).toHaveLength(1)
  })

  it('mail from someone else under the Message-ID of mail in Sent is kept as its own', async () => {
    const box = await mailbox('midsent', 1)
    const sent = { ...INVOICE, from: 'midsent@example.test', subject: 'Proposal' }
    await box.other.append('Sent', mail(sent, 'Our proposal.'))
    await box.sync()
    await box.other.append('INBOX', mail(LUNCH, 'See you at noon.'))
    await box.sync()
    expect(storedSubjects(box, 'midsent@example.test', 'mallory@m.test')).toEqual(['Proposal', 'Lunch'])
  })

  it('after the server renumbers INBOX, each keeps its own flags', async () => {
    const box = await twoUnderOneId('midrenum')
    await box.fixture.call('messages.setFlags', { messageIds: [pkOfSubject(box, 'Invoice')], flagged: true })
    await box.fixture.core.workspace.sync.pushTasks(box.accountId)
    await renumber(mailbox.servers.server, box, 'INBOX', 4242)
    await box.sync()
    const flags = (subject: string) =>
      (
        box.db.prepare('SELECT flags_json FROM messages WHERE subject = ?').get(subject) as {
          flags_json: string
        }
      )?.flags_json
    expect([flags('Invoice'), flags('Lunch')]).toEqual(['["\\\\Flagged"]', '[]'])
    // Each row is at its own message's new UID, not both at one of them.
    const lock = await box.other.getMailboxLock('INBOX')
    try {
      for (const subject of ['Invoice', 'Lunch']) {
        const uids = box.db
          .prepare(
            'SELECT l.uid FROM message_locations l JOIN messages m ON m.id = l.message_pk WHERE m.subject = ?'
          )
          .pluck()
          .all(subject) as number[]
        expect(uids).toHaveLength(1)
        const onServer = await box.other.fetchOne(String(uids[0]), { envelope: true }, { uid: true })
        expect(onServer && onServer.envelope?.subject).toBe(subject)
      }
    } finally {
      lock.release()
    }
  })
})

describe('a Message-ID with whitespace inside its brackets (obsolete syntax)', () => {
  const ids = ['<alpha mail@sp.test>', '<beta mail@sp.test>']

  it('two such ids that differ before the space are two messages, also after a renumbering', async () => {
    const box = await mailbox('midspace', 1)
    for (const [i, id] of ids.entries())
      await box.other.append('INBOX', mail({ ...INVOICE, subject: `spaced ${i}`, id }, `body ${i}`))
    await box.sync()
    expect(storedSubjects(box, 'alice@a.test')).toEqual(['spaced 0', 'spaced 1'])
    await renumber(mailbox.servers.server, box, 'INBOX', 5353)
    await box.sync()
    const located = box.db
      .prepare(
        `SELECT m.subject, count(l.uid) AS n, m.deleted_on_server AS gone FROM messages m
         LEFT JOIN message_locations l ON l.message_pk = m.id WHERE m.subject LIKE 'spaced %'
         GROUP BY m.id ORDER BY m.id`
      )
      .all()
    expect(located).toEqual([
      { subject: 'spaced 0', n: 1, gone: 0 },
      { subject: 'spaced 1', n: 1, gone: 0 }
    ])
  })
})
