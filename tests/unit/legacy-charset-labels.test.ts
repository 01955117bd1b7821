// Charset labels read as mail programs mean them (WHATWG Encoding, as browsers and Thunderbird
// read them): Outlook's windows-1252 under "iso-8859-1" or "us-ascii", Turkish windows-1254 under
// "iso-8859-9", Thai windows-874 under "tis-620".
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { parseMessage, parseMessageStream } from '../../src-main/core/mail/message-parser'
import { mimePart, OUTLOOK_TEXT, outlookBytes } from '../support/legacy-charset-mail'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

/** A message of `parts` under multipart/alternative. */
const alternative = (...parts: Buffer[]) =>
  Buffer.concat([
    latin1(
      'Subject: s\r\nMessage-ID: <alt@x.test>\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n'
    ),
    ...parts.flatMap((part) => [latin1('--b\r\n'), part]),
    latin1('--b--\r\n')
  ])

describe('a text or HTML part labelled US-ASCII that holds 8-bit bytes', () => {
  it('is read as windows-1252, as browsers and Thunderbird read the label: text and HTML', async () => {
    const raw = alternative(
      mimePart(['Content-Type: text/plain; charset=us-ascii'], outlookBytes(), 'quoted-printable'),
      mimePart(
        ['Content-Type: text/html; charset="US-ASCII"'],
        Buffer.concat([latin1('<p>'), outlookBytes(), latin1('</p>')]),
        '8bit'
      )
    )
    const parsed = await parseMessage(raw)
    expect(parsed.text?.trim()).toBe(OUTLOOK_TEXT)
    expect(parsed.html).toContain(`<p>${OUTLOOK_TEXT}</p>`)
  })

  it('is read as UTF-8 when its bytes are UTF-8, beside one that is not', async () => {
    const raw = Buffer.concat([
      latin1('Subject: s\r\nMessage-ID: <mixed@x.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'),
      latin1('--b\r\n'),
      mimePart(['Content-Type: text/plain; charset=ascii'], Buffer.from('Grüße aus Köln'), 'base64'),
      latin1('--b\r\n'),
      mimePart(['Content-Type: text/plain; charset=ascii'], outlookBytes(), '8bit'),
      latin1('--b--\r\n')
    ])
    const parsed = await parseMessage(raw)
    expect(
      parsed.text
        ?.split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    ).toEqual(['Grüße aus Köln', OUTLOOK_TEXT])
  })

  it('in a message read from a stream sends it to be parsed whole, where it is read so', async () => {
    const raw = Buffer.concat([
      latin1('Subject: s\r\nMessage-ID: <html@x.test>\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n'),
      outlookBytes()
    ])
    expect(
      await parseMessageStream(
        (async function* () {
          yield raw
        })()
      )
    ).toBeNull()
    expect((await parseMessage(raw)).html).toContain(OUTLOOK_TEXT)
  })
})

describe('raw 8-bit header text in a message that names a Latin-1, ISO-8859-9 or TIS-620 charset', () => {
  const mail = (label: string, subject: Buffer) =>
    Buffer.concat([
      latin1('Subject: '),
      subject,
      latin1(`\r\nMessage-ID: <h@x.test>\r\nContent-Type: text/plain; charset=${label}\r\n\r\nx\r\n`)
    ])

  it.each([
    ['iso-8859-1', 'windows-1252', OUTLOOK_TEXT],
    ['latin1', 'windows-1252', OUTLOOK_TEXT],
    ['ISO-8859-9', 'windows-1254', '“Şirket” €5 – teşekkürler'],
    ['tis-620', 'windows-874', '“ขอบคุณ” €5 – ครับ']
  ])('labelled %s is read as %s, as its body is', async (label, charset, text) => {
    expect((await parseMessage(mail(label, iconv.encode(text, charset)))).subject).toBe(text)
  })

  it("names an attachment as its text part's Latin-1 label means: with its quotes and euro sign", async () => {
    const raw = Buffer.concat([
      latin1('Subject: s\r\nMessage-ID: <a@x.test>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'),
      latin1('--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nsiehe Anhang\r\n--b\r\n'),
      latin1('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
      iconv.encode('Präsentation “Q3” €.pdf', 'windows-1252'),
      latin1('"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n')
    ])
    expect((await parseMessage(raw)).attachments.map((a) => a.filename)).toEqual(['Präsentation “Q3” €.pdf'])
  })
})

describe('an HTML part with no MIME charset whose <meta> names a WHATWG label iconv-lite lacks', () => {
  it('is read in the charset the label means (x-mac-roman: macintosh)', async () => {
    const raw = Buffer.concat([
      latin1('Subject: s\r\nMessage-ID: <m@x.test>\r\nContent-Type: text/html\r\n\r\n'),
      latin1('<html><head><meta charset="x-mac-roman"></head><body>'),
      iconv.encode('Ärger über Café', 'macintosh'),
      latin1('</body></html>\r\n')
    ])
    expect((await parseMessage(raw)).html).toContain('<body>Ärger über Café</body>')
  })
})
