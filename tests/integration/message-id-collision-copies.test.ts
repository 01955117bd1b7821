// Copies of ONE message (in two folders, or before and after a renumbering) must stay one row,
// though the Date header now tells two messages under one Message-ID apart.
import { describe, expect, it } from 'vitest'
import { serverFolder } from './fixtures/server-mailbox'
import { copyOnServer, renumber, useSyncedMailboxes } from './fixtures/sync-mailbox'

const mailbox = useSyncedMailboxes()

type Box = Awaited<ReturnType<typeof mailbox>>

function mail(dates: string[], id: string, subject: string): string {
  return [
    'From: alice@a.test',
    'To: me@example.test',
    `Subject: ${subject}`,
    ...dates.map((d) => `Date: ${d}`),
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'hello'
  ].join('\r\n')
}

const rowsOf = (box: Box, subject: string) =>
  box.db.prepare('SELECT id, message_id FROM messages WHERE subject = ?').all(subject)

describe('copies of one message stay one', () => {
  it('with a Date header no parser can read, in INBOX and Archive', async () => {
    const box = await mailbox('cpbaddate', 0)
    await box.other.append('INBOX', mail(['sometime last week'], '<bad@x.test>', 'Bad date'))
    await box.sync()
    await copyOnServer(box, '<bad@x.test>', 'Archive')
    await box.sync()
    expect(rowsOf(box, 'Bad date')).toHaveLength(1)
  })

  it('its copy without a Date header stored first (Sent), then one the MTA dated', async () => {
    const box = await mailbox('cpnodate', 0)
    const own = (dates: string[]) =>
      mail(dates, '<own@x.test>', 'No date').replace('alice@a.test', 'cpnodate@example.test')
    await box.other.append('Sent', own([]), [], new Date('2024-01-01T10:00:05Z'))
    await box.sync()
    await box.other.append('INBOX', own(['Mon, 1 Jan 2024 10:00:03 +0000']))
    await box.sync()
    expect(rowsOf(box, 'No date')).toHaveLength(1)
  })

  it('with two Date headers, keeps its UID and local flag across a renumbering', async () => {
    const box = await mailbox('cptwodates', 0)
    const raw = mail(
      ['Mon, 1 Jan 2024 10:00:00 +0000', 'Mon, 1 Jan 2024 11:00:00 +0000'],
      '<two@x.test>',
      'Two dates'
    )
    await box.other.append('INBOX', raw)
    await box.sync()
    const [row] = rowsOf(box, 'Two dates') as Array<{ id: number }>
    await box.fixture.call('messages.setFlags', { messageIds: [row!.id], flagged: true })
    await renumber(mailbox.servers.server, box, 'INBOX', 6161)
    await box.sync()
    expect(rowsOf(box, 'Two dates')).toHaveLength(1)
    const flags = box.db.prepare('SELECT flags_json FROM messages WHERE subject = ?').pluck().get('Two dates')
    expect(flags).toBe('["\\\\Flagged"]')
    const server = [...(await serverFolder(box.other, 'INBOX')).values()]
    expect(server.find((m) => m.messageId === '<two@x.test>')?.flags).toContain('\\Flagged')
  })
})
