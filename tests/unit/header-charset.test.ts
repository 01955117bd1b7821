import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { utf8HeaderLines } from '../../src-main/core/mail/header-charset'
import { parseMessage } from '../../src-main/core/mail/message-parser'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

describe('raw 8-bit header lines', () => {
  it('leaves mail whose headers are UTF-8 (or ASCII) as it is, bytes and all', () => {
    expect(utf8HeaderLines(Buffer.from('Subject: Grüße\r\n\r\nK\xf6ln\r\n', 'utf8'))).toBeNull()
    // 8-bit bytes in the body alone are the body's business (text-charset-relabel.ts).
    expect(utf8HeaderLines(latin1('Subject: hi\r\n\r\nK\xf6ln\r\n'))).toBeNull()
  })

  it('reads only the lines that are not UTF-8, and leaves the body bytes alone', () => {
    const raw = Buffer.concat([
      Buffer.from('To: Jürgen <j@x.test>\r\n', 'utf8'),
      latin1('Subject: Caf\xe9\r\n\r\nK\xf6ln\r\n')
    ])
    expect(utf8HeaderLines(raw)).toEqual(
      Buffer.concat([
        Buffer.from('To: Jürgen <j@x.test>\r\nSubject: Café\r\n\r\n', 'utf8'),
        latin1('K\xf6ln\r\n')
      ])
    )
  })

  it("takes the charset a part names on a folded line, not only the message's own", () => {
    const raw = Buffer.concat([
      iconv.encode('Subject: 发票\n', 'gbk'),
      latin1(
        'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain;\n charset=GB2312\n\nx\n--b--\n'
      )
    ])
    expect(utf8HeaderLines(raw)!.toString('utf8')).toMatch(/^Subject: 发票\n/)
  })

  it('reads a message with no MIME at all as windows-1252, headers and text', async () => {
    const parsed = await parseMessage(latin1('From: Bj\xf6rn <b@x.test>\nSubject: \x80 5\n\nGr\xfc\xdfe\n'))
    expect([parsed.from?.name, parsed.subject, parsed.text?.trim()]).toEqual(['Björn', '€ 5', 'Grüße'])
  })
})

describe('a charset that does not read ASCII as ASCII, named by an attachment', () => {
  // A UTF-16 log file attached by a Windows program; the 8-bit lines are windows-1252.
  const withUtf16Attachment = (header: string, text: string) =>
    latin1(
      `From: Ren\xe9 <rene@x.test>\r\n${header}Content-Type: multipart/mixed; boundary=b\r\n\r\n` +
        `--b\r\n${text}--b\r\nContent-Type: text/plain; charset=utf-16; name=log.txt\r\n` +
        'Content-Disposition: attachment; filename=log.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        '//5oAGkA\r\n--b--\r\n'
    )

  it('is not the one raw header lines are read in: the sender and subject stay readable', async () => {
    const parsed = await parseMessage(withUtf16Attachment('Subject: Caf\xe9\r\n', ''))
    expect([parsed.from, parsed.subject]).toEqual([{ name: 'René', address: 'rene@x.test' }, 'Café'])
  })

  it('is not the one charset-less 8-bit text is read in', async () => {
    const parsed = await parseMessage(withUtf16Attachment('', '\r\nK\xf6ln\r\n'))
    expect(parsed.text?.trim()).toBe('Köln')
  })
})

describe('the charset an attached message names', () => {
  it("is the attached message's own, not the one its 8-bit header lines or attachment names are read in", async () => {
    const raw = Buffer.concat([
      latin1(
        'From: a@x.test\r\nSubject: Fwd \x80 offer\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' +
          '--b\r\nContent-Type: text/plain\r\n\r\nsee below\r\n' +
          '--b\r\nContent-Type: message/rfc822\r\n\r\n' +
          'Subject: old\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\nhi\r\n--b--\r\n'
      )
    ])
    expect(utf8HeaderLines(raw)!.toString('utf8')).toContain('Subject: Fwd € offer\r\n')
    expect((await parseMessage(raw)).subject).toBe('Fwd € offer')
  })
})
