// Mail as Outlook and old mailers write it, APPENDed to a real Dovecot by another program and
// synced: windows-1252 text under an "iso-8859-1" or "us-ascii" label is shown and found with its
// smart quotes and euro sign (WHATWG Encoding, as browsers and Thunderbird read the labels), and a
// multipart whose boundary holds a Latin-1 byte keeps its text and attachment.
import { describe, expect, it } from 'vitest'
import { InProcessParser } from '../../src-main/core/mail/parse-pool'
import { fetchAndParse } from '../../src-main/core/sync/fetch-and-parse'
import { sizedBatches } from '../../src-main/core/sync/fetch-batches'
import { openTestImap } from '../support/imap-probe'
import {
  asciiLabelledParts,
  eightBitBoundaryMail,
  OUTLOOK_TEXT,
  outlookBytes
} from '../support/legacy-charset-mail'
import { shownMessage, useSyncedMailboxes } from './fixtures/sync-mailbox'

const syncedMailbox = useSyncedMailboxes()

const latin1 = (text: string) => Buffer.from(text, 'latin1')

const envelope = (id: string, contentType: string) =>
  latin1(
    `From: sender@client.test\r\nTo: alice@example.test\r\nMessage-ID: <${id}@client.test>\r\n` +
      `Date: Mon, 3 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n`
  )

/** A raw 8-bit windows-1252 Subject in a message labelled iso-8859-1, its text too. */
const latin1Labelled = Buffer.concat([
  envelope('latin1', 'text/plain; charset=iso-8859-1'),
  latin1('Subject: '),
  outlookBytes(),
  latin1('\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
  outlookBytes(),
  latin1('\r\n')
])

/** Text and HTML labelled us-ascii, holding windows-1252. */
const asciiLabelled = Buffer.concat([
  envelope('ascii', 'multipart/alternative; boundary="b"'),
  latin1('Subject: ascii\r\n\r\n'),
  asciiLabelledParts()
])

describe('legacy charset labels and 8-bit boundaries', () => {
  it('are read as the sender meant: shown, listed and found after a sync', async () => {
    const box = await syncedMailbox('legacylabels', 0)
    await box.other.append('INBOX', latin1Labelled)
    await box.other.append('INBOX', asciiLabelled)
    await box.other.append('INBOX', eightBitBoundaryMail('<boundary@client.test>'))
    await box.sync()
    const detail = (messageId: string) => shownMessage(box, box.messagePk(messageId))
    const latin = await detail('<latin1@client.test>')
    expect([latin.subject, latin.text?.trim()]).toEqual([OUTLOOK_TEXT, OUTLOOK_TEXT])
    const ascii = await detail('<ascii@client.test>')
    expect([ascii.text?.trim(), ascii.html?.trim()]).toEqual([OUTLOOK_TEXT, `<p>${OUTLOOK_TEXT}</p>`])
    const bounded = await detail('<boundary@client.test>')
    expect(bounded.text?.trim().split(/\r?\n/)[0]).toBe('Grüße aus Köln')
    expect(bounded.attachments.map((a) => a.filename)).toEqual(['angebot.pdf'])
    const snippets = box.db.prepare('SELECT message_id, snippet FROM messages ORDER BY message_id').all()
    expect(snippets).toEqual([
      { message_id: '<ascii@client.test>', snippet: OUTLOOK_TEXT },
      { message_id: '<boundary@client.test>', snippet: 'Grüße aus Köln ------=_Teil_ä_1x is no delimiter' },
      { message_id: '<latin1@client.test>', snippet: OUTLOOK_TEXT }
    ])
    const { hits } = await box.fixture.call('search.messages', { query: 'Köln' })
    expect(hits.map((h) => h.messageId)).toEqual(['<boundary@client.test>'])
  })

  it('are read so in large messages streamed from the server, too', async () => {
    const box = await syncedMailbox('legacylabelsbig', 0)
    const padding = `${'x'.repeat(76)}\r\n`.repeat(2000)
    // HTML alone: its damage is not in a text part, which the stream's reading already looked at.
    const asciiHtml = Buffer.concat([
      envelope('asciihtml', 'text/html; charset=us-ascii'),
      latin1('Subject: html\r\n\r\n<p>'),
      outlookBytes(),
      latin1(`</p>\r\n${padding}`)
    ])
    await box.other.append('INBOX', asciiHtml)
    await box.other.append('INBOX', eightBitBoundaryMail('<bigboundary@client.test>', padding))
    const client = await openTestImap(syncedMailbox.servers.server, box.user)
    const parser = new InProcessParser(null)
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true })
      try {
        const sizes = new Map<number, number>()
        const read: Array<{ html?: string; text?: string; attachments: number }> = []
        for await (const batch of sizedBatches(client, [1, 2], { count: 1, bytes: 1 }, sizes))
          for (const { parsed } of await (
            await fetchAndParse(client, batch, parser, sizes, 0)
          ).parsed)
            read.push({
              html: parsed.html?.split('\n')[0],
              text: parsed.text?.split('\n')[0],
              attachments: parsed.attachments.length
            })
        expect(read).toEqual([
          { html: `<p>${OUTLOOK_TEXT}</p>`, text: OUTLOOK_TEXT, attachments: 0 },
          { html: undefined, text: 'Grüße aus Köln', attachments: 1 }
        ])
      } finally {
        lock.release()
      }
    } finally {
      await parser.close()
      await client.logout()
    }
  })
})
