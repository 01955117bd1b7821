import { describe, expect, it } from 'vitest'
import {
  extractMessageIds,
  normalizeMessageId,
  syntheticMessageId
} from '../../src-main/core/mail/message-id'
import { makeSnippet, parseMessage } from '../../src-main/core/mail/message-parser'

const raw = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8')

describe('message parsing', () => {
  it('decodes RFC 2047 subjects and names and lower-cases addresses', async () => {
    const parsed = await parseMessage(
      raw([
        'Message-ID: <a1@example.com>',
        'From: =?UTF-8?B?546L6Iqz?= <Wang.Fang@163.COM>',
        'To: sam@example.com',
        'Subject: =?UTF-8?Q?Penawaran_harga_=E2=80=94_Jakarta?=',
        'Date: Mon, 03 Mar 2025 10:00:00 +0700',
        '',
        'Halo'
      ])
    )
    expect(parsed.from).toEqual({ name: '王芳', address: 'wang.fang@163.com' })
    expect(parsed.subject).toBe('Penawaran harga — Jakarta')
    expect(parsed.date).toBe(Date.parse('2025-03-03T03:00:00Z'))
  })

  it('gives a message without Message-ID a stable synthetic identity', async () => {
    const lines = ['From: a@example.com', 'Subject: hi', 'Date: Mon, 03 Mar 2025 10:00:00 +0000', '', 'x']
    const first = await parseMessage(raw(lines))
    const second = await parseMessage(raw(lines))
    expect(first.messageId).toMatch(/^<sha256\.[0-9a-f]{32}@rapport\.invalid>$/)
    expect(second.messageId).toBe(first.messageId)
  })

  it('lists attachments with name, type and size but not inline images used by the HTML', async () => {
    const parsed = await parseMessage(
      raw([
        'Message-ID: <att@example.com>',
        'From: a@example.com',
        'Subject: files',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b',
        'Content-Type: application/pdf; name="quote.pdf"',
        'Content-Disposition: attachment; filename="quote.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 fake').toString('base64'),
        '--b--'
      ])
    )
    expect(parsed.attachments).toEqual([
      {
        filename: 'quote.pdf',
        contentType: 'application/pdf',
        size: 13,
        contentId: null,
        disposition: 'attachment',
        inline: false,
        content: Buffer.from('%PDF-1.4 fake')
      }
    ])
  })

  it('keeps the images of an HTML body (multipart/related) as inline parts, not attachments', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex')
    const parsed = await parseMessage(
      raw([
        'Message-ID: <logo@example.com>',
        'From: a@example.com',
        'Subject: logo',
        'Content-Type: multipart/related; boundary="r"',
        '',
        '--r',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Logo: <img src="cid:logo@x"></p>',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        'Content-Disposition: inline; filename="logo.png"',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        '--r',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="terms.pdf"',
        '',
        'PDF',
        '--r--'
      ])
    )
    // As sent: the renderer swaps the cid: URL for the image (queries/inline-images.ts).
    expect(parsed.html).toContain('src="cid:logo@x"')
    expect(parsed.attachments).toMatchObject([
      { filename: 'logo.png', contentType: 'image/png', contentId: 'logo@x', inline: true, content: png },
      { filename: 'terms.pdf', inline: false }
    ])
  })

  it('keeps an unterminated multipart readable', async () => {
    const parsed = await parseMessage(
      raw([
        'Message-ID: <t@example.com>',
        'Subject: cut',
        'Content-Type: multipart/mixed; boundary="z"',
        '',
        '--z',
        'Content-Type: text/plain',
        '',
        'partial text'
      ])
    )
    expect(parsed.messageId).toBe('<t@example.com>')
    expect(parsed.text ?? '').toContain('partial text')
  })

  it('makes snippets without quoted lines and extra whitespace', () => {
    expect(makeSnippet('Thanks!\n\n> old text\n> more\nBest,   Sam')).toBe('Thanks! Best, Sam')
  })
})

describe('message ids', () => {
  it('normalizes ids to angle brackets and extracts every reference once', () => {
    expect(normalizeMessageId('  <abc@host>  ')).toBe('<abc@host>')
    expect(normalizeMessageId('abc@host')).toBe('<abc@host>')
    expect(normalizeMessageId('')).toBeNull()
    expect(extractMessageIds('<a@x> <b@x>\r\n <a@x>')).toEqual(['<a@x>', '<b@x>'])
    expect(extractMessageIds(['<a@x>', '<c@x>'])).toEqual(['<a@x>', '<c@x>'])
  })

  it('derives different synthetic ids for different messages', () => {
    const a = syntheticMessageId({ date: 1, from: 'a@x', subject: 's', size: 10 })
    const b = syntheticMessageId({ date: 1, from: 'a@x', subject: 's', size: 11 })
    expect(a).not.toBe(b)
  })
})
