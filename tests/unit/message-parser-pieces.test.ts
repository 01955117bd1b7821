import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { simpleParser, type ParsedMail } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { MAILPARSER_OPTIONS } from '../../src-main/core/mail/message-parser'

const PIECE = 64 * 1024

function pieces(raw: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let s = 0; s < raw.length; s += PIECE) yield raw.subarray(s, s + PIECE)
    })()
  )
}

function summary(m: ParsedMail) {
  return {
    subject: m.subject,
    from: m.from?.text,
    to: Array.isArray(m.to) ? m.to.map((t) => t.text) : m.to?.text,
    messageId: m.messageId,
    references: m.references,
    date: m.date?.getTime(),
    text: m.text,
    html: m.html,
    headers: [...m.headers.entries()].map(([k, v]) => [k, JSON.stringify(v)]),
    attachments: m.attachments.map((a) => ({
      name: a.filename,
      type: a.contentType,
      size: a.size,
      sha: createHash('sha256').update(a.content).digest('hex')
    }))
  }
}

async function same(raw: Buffer) {
  expect(raw.length).toBeGreaterThan(PIECE)
  const whole = summary(await simpleParser(raw, MAILPARSER_OPTIONS))
  const inPieces = summary(await simpleParser(pieces(raw), MAILPARSER_OPTIONS))
  expect(inPieces).toEqual(whole)
}

const head = (extra: string[] = []) => [
  'Message-ID: <p@example.com>',
  'From: =?UTF-8?B?546L6Iqz?= <w@example.com>',
  'To: sam@example.com',
  'Subject: Pieces',
  'Date: Mon, 03 Mar 2025 10:00:00 +0700',
  'MIME-Version: 1.0',
  ...extra
]

/** Pads so that `marker` begins at `at` bytes, with padding lines of plain ASCII. */
function placed(before: string, marker: string, after: string, at: number): Buffer {
  const b = Buffer.from(before, 'utf8')
  const need = at - b.length
  let pad = ''
  while (pad.length + 78 <= need - 2) pad += 'x'.repeat(76) + '\r\n'
  const rest = need - pad.length
  if (rest > 2) pad += 'y'.repeat(rest - 2) + '\r\n'
  else pad += ' '.repeat(Math.max(rest, 0))
  return Buffer.concat([b, Buffer.from(pad + marker + after, 'utf8')])
}

describe('mailparser fed in 64 kB pieces', () => {
  for (const shift of [-3, -2, -1, 0, 1, 2]) {
    it(`reads a multipart boundary at the piece edge ${shift}`, async () => {
      const before = [
        ...head(['Content-Type: multipart/mixed; boundary="BOUNDARY"']),
        '',
        '--BOUNDARY',
        'Content-Type: text/plain; charset=utf-8',
        '',
        ''
      ].join('\r\n')
      const after = ['Content-Type: text/html; charset=utf-8', '', '<p>hé 王芳</p>', '--BOUNDARY--', ''].join(
        '\r\n'
      )
      await same(placed(before, '\r\n--BOUNDARY\r\n', after, PIECE + shift))
    })
    it(`reads a UTF-8 character across the piece edge ${shift} (8bit body)`, async () => {
      const before = [
        ...head(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']),
        '',
        ''
      ].join('\r\n')
      await same(placed(before, '王芳 ééé 😀\r\n', 'end\r\n', PIECE + shift))
    })
    it(`reads a CRLF across the piece edge ${shift} (quoted-printable soft break)`, async () => {
      const before = [
        ...head(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable']),
        '',
        ''
      ].join('\r\n')
      await same(placed(before, 'abc=\r\ndef=E7=8E=8B=\r\n=E8=8A=B3\r\n', 'end\r\n', PIECE + shift))
    })
  }
  it('reads a header block longer than 64 kB', async () => {
    const refs = Array.from({ length: 3000 }, (_, i) => ` <ref-${i}-王@example.com>`).join('\r\n')
    const raw = Buffer.from(
      [
        ...head(['References:' + refs, 'X-Late: 王芳 after', 'Content-Type: text/plain; charset=utf-8']),
        '',
        'body'
      ].join('\r\n'),
      'utf8'
    )
    await same(raw)
  })
  it('reads a header line longer than 64 kB', async () => {
    const raw = Buffer.from(
      [
        ...head(['X-Long: ' + 'ab 王'.repeat(30000), 'Content-Type: text/plain; charset=utf-8']),
        '',
        'body'
      ].join('\r\n'),
      'utf8'
    )
    await same(raw)
  })
  it('reads a base64 attachment across edges', async () => {
    const data = Buffer.alloc(300_000)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 255
    const b64 = data.toString('base64').replace(/.{76}/g, '$&\r\n')
    const raw = Buffer.from(
      [
        ...head(['Content-Type: multipart/mixed; boundary="B"']),
        '',
        '--B',
        'Content-Type: text/plain',
        '',
        'hi',
        '--B',
        'Content-Type: application/octet-stream; name="a.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        b64,
        '--B--',
        ''
      ].join('\r\n')
    )
    await same(raw)
  })
})
