// Mail in legacy charsets as mail programs write it: HTML as old Chinese clients and bulk mailers
// send it, in a charset that only its <meta> declares, with no charset in the MIME header; text as
// Outlook labels it; a boundary in Latin-1.
import iconv from 'iconv-lite'
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp'

export type MetaForm = 'charset' | 'http-equiv'
export type TransferEncoding = '8bit' | 'base64' | 'quoted-printable'

/** An HTML document whose head declares `charset`, as bytes in that charset. */
export function legacyHtml(charset: string, body: string, meta: MetaForm = 'http-equiv'): Buffer {
  const declaration =
    meta === 'charset'
      ? `<meta charset="${charset}">`
      : `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`
  const html = `<html><head>${declaration}<title>x</title></head><body><p>${body}</p></body></html>`
  return iconv.encode(html, charset)
}

/** A part's headers and body in the given transfer encoding. */
export function mimePart(headers: string[], content: Buffer, transfer: TransferEncoding): Buffer {
  const body =
    transfer === 'base64'
      ? Buffer.from(content.toString('base64').replace(/.{76}/g, '$&\r\n'))
      : transfer === 'quoted-printable'
        ? Buffer.from(qpWrap(qpEncode(content), 76))
        : content
  return Buffer.concat([
    Buffer.from([...headers, `Content-Transfer-Encoding: ${transfer}`, '', ''].join('\r\n')),
    body,
    Buffer.from('\r\n')
  ])
}

export type LegacyMailOptions = {
  messageId: string
  subject?: string
  /** The charset parameter of the MIME header: none by default, which is the case at hand. */
  mimeCharset?: string
  transfer?: TransferEncoding
}

/** A single-part text/html message holding `html` (bytes, as sent). */
export function htmlMail(html: Buffer, options: LegacyMailOptions): Buffer {
  const contentType = `Content-Type: text/html${options.mimeCharset ? `; charset=${options.mimeCharset}` : ''}`
  return Buffer.concat([
    Buffer.from(envelope(options).join('\r\n') + '\r\n'),
    mimePart([contentType], html, options.transfer ?? '8bit')
  ])
}

/** multipart/alternative: a UTF-8 text part and the legacy HTML part with no MIME charset. */
export function alternativeMail(text: string, html: Buffer, options: LegacyMailOptions): Buffer {
  return Buffer.concat([
    Buffer.from(
      [...envelope(options), 'Content-Type: multipart/alternative; boundary="ALT"', '', '--ALT', ''].join(
        '\r\n'
      )
    ),
    mimePart(['Content-Type: text/plain; charset=utf-8'], Buffer.from(text), '8bit'),
    Buffer.from('--ALT\r\n'),
    mimePart(['Content-Type: text/html'], html, options.transfer ?? '8bit'),
    Buffer.from('--ALT--\r\n')
  ])
}

function envelope(options: LegacyMailOptions): string[] {
  return [
    'From: Wang Fang <wang.fang@163.example>',
    'To: alice@example.test',
    `Subject: ${options.subject ?? 'Invoice'}`,
    `Message-ID: ${options.messageId}`,
    'Date: Mon, 03 Mar 2025 10:00:00 +0800',
    'MIME-Version: 1.0'
  ]
}

/** Text as Outlook writes it: windows-1252 smart quotes, a euro sign and an en dash. */
export const OUTLOOK_TEXT = '“Café” costs €5 – thanks'

/** OUTLOOK_TEXT's bytes, all but one at 0x80–0x9F: what a Latin-1 or ASCII label leaves unread. */
export const outlookBytes = (): Buffer => iconv.encode(OUTLOOK_TEXT, 'windows-1252')

/** A boundary with a Latin-1 byte (0xE4, "ä"), as some old German mailers write one. */
export const EIGHT_BIT_BOUNDARY = '----=_Teil_\xe4_1'

/**
 * multipart/mixed under EIGHT_BIT_BOUNDARY: Latin-1 text (with a line that starts like a
 * delimiter but is none) and a PDF. Its header is Latin-1 too, as that mailer sends it. A long
 * `preamble` makes it a large message.
 */
export function eightBitBoundaryMail(
  messageId: string,
  preamble = 'This is a multi-part message in MIME format.'
): Buffer {
  const b = EIGHT_BIT_BOUNDARY
  return Buffer.from(
    [
      'From: J\xfcrgen Gro\xdf <juergen@client.test>',
      'To: alice@example.test',
      'Subject: Angebot f\xfcr K\xf6ln',
      `Message-ID: ${messageId}`,
      'Date: Mon, 03 Mar 2025 10:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      preamble,
      `--${b}`,
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Gr\xfc\xdfe aus K\xf6ln',
      `--${b}x is no delimiter`,
      `--${b}`,
      'Content-Type: application/pdf; name="angebot.pdf"',
      'Content-Disposition: attachment; filename="angebot.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0xLjQK',
      `--${b}--`,
      ''
    ].join('\r\n'),
    'latin1'
  )
}

/**
 * The body of a multipart/alternative under boundary "b" whose text and HTML are labelled
 * us-ascii and hold windows-1252 (outlookBytes), as Outlook sends them; after the header's blank line.
 */
export const asciiLabelledParts = (): Buffer =>
  Buffer.concat([
    Buffer.from('--b\r\n', 'latin1'),
    mimePart(['Content-Type: text/plain; charset=us-ascii'], outlookBytes(), 'quoted-printable'),
    Buffer.from('--b\r\n', 'latin1'),
    mimePart(
      ['Content-Type: text/html; charset=us-ascii'],
      Buffer.concat([Buffer.from('<p>', 'latin1'), outlookBytes(), Buffer.from('</p>', 'latin1')]),
      '8bit'
    ),
    Buffer.from('--b--\r\n', 'latin1')
  ])
