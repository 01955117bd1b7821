import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { parseMessage, parseMessageStream } from '../../src-main/core/mail/message-parser'
import { utf8PartHeaderLines } from '../../src-main/core/mail/part-header-charset'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

/** A text part in `charset` and an attachment whose header names it in these raw bytes. */
function mailWithAttachmentNamed(name: Buffer, charset: string | null, attachmentHeaders: Buffer[] = []) {
  return Buffer.concat([
    latin1(
      'From: a@client.test\r\nTo: b@example.test\r\nSubject: Unterlagen\r\nMessage-ID: <parts@client.test>\r\n'
    ),
    latin1('MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'),
    latin1(`Content-Type: text/plain${charset ? `; charset=${charset}` : ''}\r\n\r\nanbei\r\n--b\r\n`),
    latin1('Content-Type: application/pdf; name="'),
    name,
    latin1('"\r\nContent-Disposition: attachment; filename="'),
    name,
    latin1('"\r\n'),
    ...attachmentHeaders,
    latin1('Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n')
  ])
}

const names = async (raw: Buffer) => (await parseMessage(raw)).attachments.map((a) => a.filename)

describe("raw 8-bit bytes in a part's header", () => {
  it('name an attachment in the charset the message names, as the sender wrote it', async () => {
    const cp1252 = iconv.encode('Angebot “Café” – 5 €.pdf', 'windows-1252')
    expect(await names(mailWithAttachmentNamed(cp1252, 'windows-1252'))).toEqual(['Angebot “Café” – 5 €.pdf'])
    const gbk = iconv.encode('发票.pdf', 'gbk')
    expect(await names(mailWithAttachmentNamed(gbk, 'gbk'))).toEqual(['发票.pdf'])
  })

  it('are read as windows-1252 when the message names no charset', async () => {
    const raw = mailWithAttachmentNamed(iconv.encode('Präsentation €.pdf', 'windows-1252'), null)
    expect(await names(raw)).toEqual(['Präsentation €.pdf'])
  })

  it('leave UTF-8 part headers and 8-bit bodies as they are', async () => {
    const utf8 = mailWithAttachmentNamed(Buffer.from('Präsentation.pdf', 'utf8'), 'iso-8859-1')
    expect(await utf8PartHeaderLines(utf8)).toBeNull()
    expect(await names(utf8)).toEqual(['Präsentation.pdf'])
    const body = Buffer.concat([
      latin1(
        'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n'
      ),
      latin1('Content-Transfer-Encoding: 8bit\r\n\r\nK\xf6ln\r\n--b--\r\n')
    ])
    expect(await utf8PartHeaderLines(body)).toBeNull()
  })

  it('are only the lines that are not UTF-8: a UTF-8 line next to them stays as it is', async () => {
    const raw = mailWithAttachmentNamed(latin1('Pr\xe4sentation.pdf'), 'iso-8859-1', [
      Buffer.from('Content-Description: Übersicht\r\n', 'utf8')
    ])
    const rewritten = (await utf8PartHeaderLines(raw))!.toString('utf8')
    expect(rewritten).toContain('filename="Präsentation.pdf"\r\nContent-Description: Übersicht\r\n')
    expect(rewritten).toContain('\r\n\r\nJVBERi0xLjQK\r\n--b--')
  })

  it('make a streamed message be fetched whole, the stream being read only once', async () => {
    const raw = mailWithAttachmentNamed(iconv.encode('发票.pdf', 'gbk'), 'gbk')
    expect(
      await parseMessageStream(
        (async function* () {
          yield raw
        })()
      )
    ).toBeNull()
    const utf8 = mailWithAttachmentNamed(Buffer.from('发票.pdf', 'utf8'), 'gbk')
    const streamed = await parseMessageStream(
      (async function* () {
        yield utf8
      })()
    )
    expect(streamed?.attachments.map((a) => a.filename)).toEqual(['发票.pdf'])
  })

  // Hostile: nearly as many parts as mailsplit reads (1000), each named in 8-bit bytes, one with a
  // header of 60k 8-bit lines (under mailsplit's 1 MB). Work per part or per line that grew with
  // the message would not end within the test's time.
  it('are read in time however many parts and lines carry them', async () => {
    const parts = Array.from({ length: 900 }, (_, i) =>
      Buffer.concat([
        latin1(
          `--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="`
        ),
        latin1(`R\xe9sum\xe9 \x80${i}.bin"\r\n\r\nx\r\n`)
      ])
    )
    const raw = Buffer.concat([
      latin1('Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'),
      latin1('--b\r\nContent-Type: application/octet-stream; name="d\xe9j\xe0 \x80.bin"\r\n'),
      latin1('X-Note: \xe9\r\n'.repeat(60_000)),
      latin1('\r\nx\r\n'),
      ...parts,
      latin1('--b--\r\n')
    ])
    const listed = await names(raw)
    expect(listed).toHaveLength(901)
    expect(listed[0]).toBe('déjà €.bin')
    expect(listed.at(-1)).toBe('Résumé €899.bin')
  })
})
