// Headers sent as raw 8-bit bytes rather than RFC 2047 words, as old mailers and some bulk mail
// still do, mostly in Latin-1: Rapport reads them as Thunderbird does (the charset the message's
// Content-Type names, else windows-1252), not as UTF-8 with U+FFFD where each accented letter was.
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { InProcessParser } from '../../src-main/core/mail/parse-pool'
import { fetchAndParse } from '../../src-main/core/sync/fetch-and-parse'
import { sizedBatches } from '../../src-main/core/sync/fetch-batches'
import { openTestImap } from '../support/imap-probe'
import { useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

const latin1 = (text: string) => Buffer.from(text, 'latin1')

/** Latin-1 From and Subject, a UTF-8 To, and a body in the charset the message names. */
const westernMail = Buffer.concat([
  latin1('From: Ren\xe9 M\xfcller <rene@client.test>\r\n'),
  Buffer.from('To: Jürgen Groß <raw8bit@example.test>\r\n', 'utf8'),
  latin1('Subject: Caf\xe9 cr\xe8me, bitte\r\n'),
  latin1('Message-ID: <latin1@client.test>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n'),
  latin1('Content-Type: text/plain; charset=iso-8859-1\r\n\r\nDanke sch\xf6n\r\n')
])

/** ISO-8859-2 (Polish) headers, the charset named only in the Content-Type. */
const polishMail = Buffer.concat([
  latin1('From: Pawe\xb3 \xa3ukasz <pawel@client.test>\r\nTo: raw8bit@example.test\r\n'),
  latin1('Subject: Zam\xf3wienie \xbf\xf3\xb3te\r\n'),
  latin1('Message-ID: <latin2@client.test>\r\nDate: Mon, 1 Jan 2024 11:00:00 +0000\r\n'),
  latin1('Content-Type: text/plain; charset="ISO-8859-2"\r\n\r\nDzi\xeakuj\xea\r\n')
])

/** GBK headers, the charset named only on a folded line of its text part (as old Chinese mailers send). */
const chineseMail = Buffer.concat([
  iconv.encode(
    'From: 王小明 <wang@client.test>\r\nTo: raw8bit@example.test\r\nSubject: 发票已寄出\r\n',
    'gbk'
  ),
  latin1('Message-ID: <gbk@client.test>\r\nDate: Mon, 1 Jan 2024 12:00:00 +0000\r\nMIME-Version: 1.0\r\n'),
  latin1('Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'),
  latin1('Content-Type: text/plain;\r\n\tcharset="gb2312"\r\n\r\n'),
  iconv.encode('您好\r\n', 'gbk'),
  latin1('--b--\r\n')
])

/** No MIME at all: 8-bit Latin-1 text with no charset anywhere, as old scripts and mailers send. */
const noMimeMail = latin1(
  'From: Bj\xf6rn <bjorn@client.test>\r\nTo: raw8bit@example.test\r\nSubject: Gr\xfc\xdfe\r\n' +
    'Message-ID: <nomime@client.test>\r\nDate: Mon, 1 Jan 2024 13:00:00 +0000\r\n\r\nGr\xfc\xdfe aus K\xf6ln\r\n'
)

/**
 * Attachments named in raw 8-bit bytes in their part's headers, as old Windows mailers write them:
 * one in windows-1252 (its text part says so), one in GBK (likewise).
 */
const attachmentNamed = (id: string, charset: string, name: string) =>
  Buffer.concat([
    latin1(`From: sender@client.test\r\nTo: raw8bit@example.test\r\nSubject: ${id}\r\n`),
    latin1(
      `Message-ID: <${id}@client.test>\r\nDate: Mon, 1 Jan 2024 14:00:00 +0000\r\nMIME-Version: 1.0\r\n`
    ),
    latin1(`Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n`),
    latin1(`Content-Type: text/plain; charset=${charset}\r\n\r\nsiehe Anhang\r\n--b\r\n`),
    latin1('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
    iconv.encode(name, charset),
    latin1('"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n')
  ])

describe('raw 8-bit headers', () => {
  it('are read in the charset the message or its text part names, else windows-1252: shown and found as sent', async () => {
    const box = await syncedMailbox('raw8bit', 0)
    await box.other.append('INBOX', westernMail)
    await box.other.append('INBOX', polishMail)
    await box.other.append('INBOX', chineseMail)
    await box.other.append('INBOX', noMimeMail)
    await box.sync()
    const listed = await box.fixture.call('messages.list', { accountId: box.accountId, folder: 'INBOX' })
    const shown = listed
      .map((m) => ({ subject: m.subject, from: m.from?.name }))
      .sort((a, b) => a.subject.localeCompare(b.subject))
    expect(shown).toEqual([
      { subject: 'Café crème, bitte', from: 'René Müller' },
      { subject: 'Grüße', from: 'Björn' },
      { subject: 'Zamówienie żółte', from: 'Paweł Łukasz' },
      { subject: '发票已寄出', from: '王小明' }
    ])
    const pk = box.messagePk('<latin1@client.test>')
    const { messages } = await box.fixture.call('threads.get', {
      threadId: box.db.prepare('SELECT thread_id FROM messages WHERE id = ?').pluck().get(pk) as number
    })
    expect(messages[0]!.to.map((a) => a.name)).toEqual(['Jürgen Groß'])
    const snippets = box.db.prepare('SELECT message_id, snippet FROM messages ORDER BY message_id').all()
    expect(snippets).toEqual([
      { message_id: '<gbk@client.test>', snippet: '您好' },
      { message_id: '<latin1@client.test>', snippet: 'Danke schön' },
      { message_id: '<latin2@client.test>', snippet: 'Dziękuję' },
      { message_id: '<nomime@client.test>', snippet: 'Grüße aus Köln' }
    ])
    const { hits } = await box.fixture.call('search.messages', { query: 'Müller' })
    expect(hits.map((h) => h.messageId)).toEqual(['<latin1@client.test>'])
  })

  it('are read so in a large message streamed from the server, too, and so is its 8-bit text with no charset', async () => {
    const box = await syncedMailbox('raw8bitbig', 0)
    const padding = latin1(`${'x'.repeat(76)}\r\n`.repeat(2000))
    await box.other.append('INBOX', Buffer.concat([westernMail, padding]))
    await box.other.append('INBOX', Buffer.concat([noMimeMail, padding]))
    const client = await openTestImap(syncedMailbox.servers.server, box.user)
    const parser = new InProcessParser(null)
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true })
      try {
        const sizes = new Map<number, number>()
        const read: Array<{ subject: string; from?: string; text?: string }> = []
        for await (const batch of sizedBatches(client, [1, 2], { count: 1, bytes: 1 }, sizes))
          for (const { parsed } of await (
            await fetchAndParse(client, batch, parser, sizes, 0)
          ).parsed)
            read.push({ subject: parsed.subject, from: parsed.from?.name, text: parsed.text?.split('\n')[0] })
        expect(read).toEqual([
          { subject: 'Café crème, bitte', from: 'René Müller', text: 'Danke schön' },
          { subject: 'Grüße', from: 'Björn', text: 'Grüße aus Köln' }
        ])
      } finally {
        lock.release()
      }
    } finally {
      await parser.close()
      await client.logout()
    }
  })

  it("of a part name its attachment in the message's charset: listed, found and saved as sent", async () => {
    const box = await syncedMailbox('raw8bitparts', 0)
    await box.other.append('INBOX', attachmentNamed('cp1252', 'windows-1252', 'Präsentation “Q3” €.pdf'))
    await box.other.append('INBOX', attachmentNamed('gbk', 'gbk', '发票清单.pdf'))
    await box.sync()
    const named = async (id: string) => {
      const threadId = box.db
        .prepare('SELECT thread_id FROM messages WHERE id = ?')
        .pluck()
        .get(box.messagePk(`<${id}@client.test>`)) as number
      const [message] = (await box.fixture.call('threads.get', { threadId })).messages
      const [attachment] = message!.attachments
      const saved = await box.fixture.call('attachments.read', { attachmentId: attachment!.id })
      return { listed: attachment!.filename, saved: saved.filename }
    }
    expect(await named('cp1252')).toEqual({
      listed: 'Präsentation “Q3” €.pdf',
      saved: 'Präsentation “Q3” €.pdf'
    })
    expect(await named('gbk')).toEqual({ listed: '发票清单.pdf', saved: '发票清单.pdf' })
    for (const [query, id] of [
      ['Präsentation', '<cp1252@client.test>'],
      ['发票清单', '<gbk@client.test>']
    ]) {
      const { hits } = await box.fixture.call('search.messages', { query: query! })
      expect(
        hits.map((h) => h.messageId),
        query
      ).toEqual([id])
    }
  })
})
