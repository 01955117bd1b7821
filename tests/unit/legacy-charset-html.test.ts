import { beforeEach, describe, expect, it, vi } from 'vitest'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { alternativeMail, htmlMail, legacyHtml } from '../support/legacy-charset-mail'

// Both wrapped in spies, to show what a message costs: how often it is parsed, and relabelled.
const spies = vi.hoisted(() => ({ simpleParser: { calls: 0 }, relabel: { calls: 0 } }))
vi.mock('mailparser', async (importOriginal) => {
  const original = await importOriginal<typeof import('mailparser')>()
  return {
    ...original,
    simpleParser: (...args: Parameters<typeof original.simpleParser>) => {
      spies.simpleParser.calls++
      return original.simpleParser(...args)
    }
  }
})
vi.mock('../../src-main/core/mail/html-charset-relabel', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/core/mail/html-charset-relabel')>()
  return {
    ...original,
    relabelHtmlCharsets: (raw: Buffer) => {
      spies.relabel.calls++
      return original.relabelHtmlCharsets(raw)
    }
  }
})

beforeEach(() => {
  spies.simpleParser.calls = 0
  spies.relabel.calls = 0
})

const SAMPLES = [
  ['gb2312', '你好，发票已寄出'],
  ['gbk', '您好，貨物已經發出'],
  ['big5', '您好，發票已寄出'],
  ['shift_jis', 'こんにちは、請求書を送りました'],
  ['euc-jp', '請求書を送りました'],
  ['euc-kr', '안녕하세요, 송장을 보냈습니다'],
  ['windows-1251', 'Здравствуйте, счёт отправлен'],
  ['koi8-r', 'Счёт отправлен']
] as const

describe('HTML with no MIME charset, in the charset its <meta> declares', () => {
  it.each(SAMPLES)('reads %s as the sender wrote it, for display and for search', async (charset, words) => {
    for (const meta of ['charset', 'http-equiv'] as const) {
      const parsed = await parseMessage(
        htmlMail(legacyHtml(charset, words, meta), { messageId: '<l@x.test>' })
      )
      expect(parsed.html).toContain(`<p>${words}</p>`)
      expect(parsed.html).not.toContain('\uFFFD')
      expect(parsed.text).toContain(words)
      expect(parsed.snippet).toContain(words)
    }
  })

  it.each(['base64', 'quoted-printable'] as const)('reads it sent as %s', async (transfer) => {
    const raw = htmlMail(legacyHtml('gb2312', '你好，发票已寄出'), { messageId: '<t@x.test>', transfer })
    const parsed = await parseMessage(raw)
    expect(parsed.html).toContain('<p>你好，发票已寄出</p>')
    expect(parsed.text).toContain('你好，发票已寄出')
  })

  it('reads 7-bit ISO-2022-JP, whose escapes UTF-8 takes for ASCII', async () => {
    // こんにちは: ESC $ B switches to JIS X 0208, ESC ( B back to ASCII.
    const jis = '\x1b$B$3$s$K$A$O\x1b(B'
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP"></head><body><p>${jis}</p></body></html>`
    const parsed = await parseMessage(htmlMail(Buffer.from(html, 'latin1'), { messageId: '<j@x.test>' }))
    expect(parsed.html).toContain('<p>こんにちは</p>')
    expect(parsed.text).toContain('こんにちは')
  })

  it('reads the HTML part of multipart/alternative and leaves its UTF-8 text part as it was', async () => {
    const raw = alternativeMail('Invoice sent — 发票已寄出', legacyHtml('big5', '您好，發票已寄出'), {
      messageId: '<a@x.test>',
      transfer: 'quoted-printable'
    })
    const parsed = await parseMessage(raw)
    expect(parsed.html).toContain('<p>您好，發票已寄出</p>')
    expect(parsed.text).toBe('Invoice sent — 发票已寄出')
    expect(parsed.messageId).toBe('<a@x.test>')
    expect(parsed.size).toBe(raw.length)
  })
})

describe('what the repair costs and leaves alone', () => {
  it('parses mail whose HTML reads as UTF-8 once, and relabels nothing', async () => {
    // A <meta> that names another charset, but bytes that are UTF-8: converted by a relay, say.
    const html = Buffer.from('<html><head><meta charset="gb2312"></head><body><p>你好</p></body></html>')
    const parsed = await parseMessage(htmlMail(html, { messageId: '<u@x.test>' }))
    expect(parsed.html).toContain('<p>你好</p>')
    expect(spies).toEqual({ simpleParser: { calls: 1 }, relabel: { calls: 0 } })
  })

  it('parses damaged HTML that declares UTF-8 once, and relabels nothing', async () => {
    const html = Buffer.concat([
      Buffer.from('<html><head><meta charset="utf-8"></head><body><p>'),
      Buffer.from([0xc4, 0xe3]),
      Buffer.from('</p></body></html>')
    ])
    const parsed = await parseMessage(htmlMail(html, { messageId: '<d@x.test>' }))
    expect(parsed.html).toContain('\uFFFD')
    expect(spies).toEqual({ simpleParser: { calls: 1 }, relabel: { calls: 0 } })
  })

  it('parses a message it repairs twice', async () => {
    await parseMessage(htmlMail(legacyHtml('gb2312', '你好'), { messageId: '<r@x.test>' }))
    expect(spies).toEqual({ simpleParser: { calls: 2 }, relabel: { calls: 1 } })
  })

  it('reads a part in the charset its MIME header names, whatever its <meta> says', async () => {
    const big5 = legacyHtml('big5', '您好，發票已寄出')
    const html = Buffer.from(big5.toString('latin1').replace('charset=big5', 'charset=gb2312'), 'latin1')
    const parsed = await parseMessage(htmlMail(html, { messageId: '<m@x.test>', mimeCharset: 'big5' }))
    expect(parsed.html).toContain('<p>您好，發票已寄出</p>')
  })

  it('leaves a part whose MIME header says UTF-8 as the header says, though its <meta> disagrees', async () => {
    const raw = htmlMail(legacyHtml('gb2312', '你好，发票已寄出'), {
      messageId: '<h@x.test>',
      mimeCharset: 'utf-8'
    })
    const parsed = await parseMessage(raw)
    expect(parsed.html).toContain('\uFFFD')
    expect(parsed.html).not.toContain('你好')
    expect(spies.simpleParser.calls).toBe(1)
  })

  it('parses hostile HTML with many unclosed <meta tags and a byte that is not UTF-8', async () => {
    // 480 KB: with each unclosed "<meta" read to the end of the document, the <meta> search was
    // quadratic and took minutes, past this test's time limit (mailparser itself takes ~50 ms).
    const html = Buffer.concat([Buffer.from([0xff]), Buffer.from('<meta '.repeat(80_000))])
    const parsed = await parseMessage(htmlMail(html, { messageId: '<hostile@x.test>' }))
    expect(parsed.messageId).toBe('<hostile@x.test>')
    expect(parsed.html).toContain('\uFFFD<meta <meta ')
    expect(spies.relabel.calls).toBe(0)
  })
})
