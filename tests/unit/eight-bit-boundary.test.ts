import { describe, expect, it } from 'vitest'
import { parseMessage, parseMessageStream } from '../../src-main/core/mail/message-parser'
import { EIGHT_BIT_BOUNDARY, eightBitBoundaryMail } from '../support/legacy-charset-mail'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

/** The message as a stream gives it, in pieces of `size` bytes. */
async function* inPieces(raw: Buffer, size: number) {
  for (let start = 0; start < raw.length; start += size) yield raw.subarray(start, start + size)
}

/**
 * multipart/mixed with an ASCII boundary, holding a multipart/alternative under EIGHT_BIT_BOUNDARY
 * (folded onto a line of its own, unquoted) and a PDF: only a part's header names the 8-bit one.
 */
const nestedMail = (b = EIGHT_BIT_BOUNDARY) =>
  latin1(
    [
      'Subject: s',
      'Message-ID: <nested@client.test>',
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: multipart/alternative;',
      `\tboundary=${b}`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=iso-8859-1',
      '',
      'Gr\xfc\xdfe',
      `--${b}`,
      'Content-Type: text/html; charset=iso-8859-1',
      '',
      '<p>Gr\xfc\xdfe</p>',
      `--${b}--`,
      '--outer',
      'Content-Type: application/pdf; name=a.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      '--outer--',
      ''
    ].join('\r\n')
  )

describe('a multipart boundary with 8-bit bytes', () => {
  it('delimits the parts: the text and the attachment are kept, bytes and all', async () => {
    const parsed = await parseMessage(eightBitBoundaryMail('<teil@client.test>'))
    expect(parsed.subject).toBe('Angebot für Köln')
    expect(parsed.from).toEqual({ name: 'Jürgen Groß', address: 'juergen@client.test' })
    // A line that starts with the boundary but goes on is text (RFC 2046), and stays as written.
    expect(parsed.text?.trim().split(/\r?\n/)).toEqual([
      'Grüße aus Köln',
      '------=_Teil_ä_1x is no delimiter'
    ])
    expect(parsed.attachments.map((a) => [a.filename, a.content?.toString('latin1')])).toEqual([
      ['angebot.pdf', '%PDF-1.4\n']
    ])
  })

  it('of a nested multipart, folded onto a line of its own and unquoted, delimits its parts too', async () => {
    const raw = nestedMail()
    const parsed = await parseMessage(raw)
    expect([parsed.text?.trim(), parsed.html?.trim(), parsed.attachments.length]).toEqual([
      'Grüße',
      '<p>Grüße</p>',
      1
    ])
  })

  // A stream cannot be read again with the boundary replaced: only a top-level one was noticed (a
  // misread header line), and a nested one's text and HTML were stored as no body at all.
  it('of a nested multipart, in a message read from a stream, sends it to be parsed whole', async () => {
    // In pieces of 7 bytes: "boundary=" and its 8-bit byte come in different pieces.
    expect(await parseMessageStream(inPieces(nestedMail(), 7))).toBeNull()
    expect(await parseMessageStream(inPieces(nestedMail(), 64 * 1024))).toBeNull()
    // One all ASCII is read from the stream as it comes, as parseMessage reads it.
    const streamed = await parseMessageStream(inPieces(nestedMail('----=_Teil_ae_1'), 7))
    expect([streamed?.text?.trim(), streamed?.attachments.length]).toEqual(['Grüße', 1])
  })
})
