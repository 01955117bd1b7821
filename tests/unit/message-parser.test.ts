import { describe, expect, it, vi } from 'vitest'
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

  it('drops whitespace inside the brackets, so ids differing before it stay apart', () => {
    expect(normalizeMessageId('<alpha mail@sp.test>')).toBe('<alphamail@sp.test>')
    expect(normalizeMessageId('<beta mail@sp.test>')).toBe('<betamail@sp.test>')
    expect(extractMessageIds('<alpha mail@sp.test> <b@x>')).toEqual(['<alphamail@sp.test>', '<b@x>'])
  })

  it('derives different synthetic ids for different messages', () => {
    const a = syntheticMessageId({ date: 1, from: 'a@x', subject: 's', size: 10 })
    const b = syntheticMessageId({ date: 1, from: 'a@x', subject: 's', size: 11 })
    expect(a).not.toBe(b)
  })
})

describe('a message whose header is larger than the parser reads', () => {
  // Over mailparser's 1 MB header limit (a mail loop's Received lines), with 3 MB of attachment.
  const oversized = () =>
    raw([
      ...Array.from(
        { length: 20_000 },
        (_, i) => `Received: from relay${i}.loop.test by mx.loop.test; hop ${i}`
      ),
      'Message-ID: <big@client.test>',
      'From: =?UTF-8?B?546L6Iqz?= <Wang.Fang@163.COM>',
      'To: me@rapport.test',
      'Subject: Catalogue',
      'Date: Mon, 05 Jan 2026 10:00:00 +0000',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/pdf; name="catalogue.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      ...Array.from({ length: 40_000 }, () => 'Q'.repeat(76)),
      '--b--'
    ])

  it('keeps the sender’s display name, decoded', async () => {
    const parsed = await parseMessage(oversized())
    expect(parsed.parseError?.code).toBe('HEADER_TOO_LARGE')
    expect(parsed.from).toEqual({ name: '王芳', address: 'wang.fang@163.com' })
  })

  it('keeps only the start of its raw text as the body, and says it was cut', async () => {
    const message = oversized()
    const parsed = await parseMessage(message)
    expect(message.length).toBeGreaterThan(4 * 1024 * 1024)
    expect(Buffer.byteLength(parsed.text!)).toBeLessThan(257 * 1024)
    expect(parsed.text).toMatch(/^Received: from relay0\.loop\.test/)
    expect(parsed.text).toMatch(/\[…\]$/)
    expect(parsed.size).toBe(message.length)
    expect(parsed.messageId).toBe('<big@client.test>')
  })

  const tooManyParts = (from: string[]) =>
    raw([
      ...from,
      'Subject: Too many parts',
      'Content-Type: multipart/mixed; boundary="p"',
      '',
      ...Array.from({ length: 1001 }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\nPart ${i}`),
      '--p--'
    ])

  it('keeps a small one whole, and its bare address when From has no name', async () => {
    const parsed = await parseMessage(tooManyParts(['From: loop@client.test']))
    expect(parsed.parseError?.code).toBe('TOO_MANY_PARTS')
    expect(parsed.from).toEqual({ name: '', address: 'loop@client.test' })
    expect(parsed.text).toMatch(/Part 1000\r\n--p--$/)
  })

  it('reads a From folded over lines', async () => {
    const parsed = await parseMessage(
      tooManyParts(['From: =?UTF-8?Q?Loop_M=C3=A4iler?=', ' <Loop@Client.test>'])
    )
    expect(parsed.from).toEqual({ name: 'Loop Mäiler', address: 'loop@client.test' })
  })
})

describe('a Date header no parser can read', () => {
  const raw = (withId: boolean) =>
    Buffer.from(
      [
        'From: robot@r.test',
        'Subject: Alert',
        'Date: sometime last week',
        ...(withId ? ['Message-ID: <alert@r.test>'] : []),
        '',
        'Disk is full.',
        ''
      ].join('\r\n')
    )
  const arrived = new Date('2026-11-30T08:00:00Z')

  it('dates the message by its arrival, not the time it was parsed, and not by its header', async () => {
    const parsed = await parseMessage(raw(true), arrived)
    expect(parsed.date).toBe(arrived.getTime())
    expect(parsed.datedByHeader).toBe(false)
  })

  it('gives a message without a Message-ID the same made-up id at every fetch', async () => {
    // Fetched again a minute later: the clock is the only thing that differs.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T10:00:00Z') })
    try {
      const first = await parseMessage(raw(false), arrived)
      vi.setSystemTime(new Date('2026-12-01T10:01:00Z'))
      const again = await parseMessage(raw(false), arrived)
      expect(again.messageId).toBe(first.messageId)
    } finally {
      vi.useRealTimers()
    }
  })
})
