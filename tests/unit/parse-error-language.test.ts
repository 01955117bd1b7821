// A message that could not be read completely said why in mailparser's English ("Max allowed
// child nodes exceeded") in the Indonesian and Chinese windows too: the parser's words were all
// that was stored. The reason is now stored as a code the windows say in the user's language,
// with the parser's words kept for diagnostics; a message stored before (only the words) is read
// the same way.
import { describe, expect, it } from 'vitest'
import { inLanguage, locale } from './fixtures/in-language'
import type { MessageDetail } from '../../src-preload/contract'
import { parseMessage } from '../../src-main/core/mail/message-parser'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { parseErrorText } from '../../src-renderer/src/features/thread/parse-error-text'
import { memoryWorkspace, store } from './fixtures/workspace'

/** A multipart of more parts than the parser takes (a mail loop, a broken mailer). */
const tooManyParts = Buffer.from(
  [
    'From: Loop <loop@client.test>',
    'To: me@rapport.test',
    'Subject: Too many parts',
    'Message-ID: <parts@client.test>',
    'Date: Mon, 05 Jan 2026 10:00:00 +0000',
    'Content-Type: multipart/mixed; boundary="p"',
    '',
    ...Array.from({ length: 1001 }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\nPart ${i}`),
    '--p--'
  ].join('\r\n')
)

/** The message as the thread view gets it, after it was stored. */
async function shown(raw: Buffer, before?: (ws: ReturnType<typeof memoryWorkspace>) => void) {
  const ws = memoryWorkspace()
  const threadId = store(ws, await parseMessage(raw))[0]!
  before?.(ws)
  return new MailQueries(ws.db).getThread(threadId).messages[0]!
}

describe('why a message could not be read completely', () => {
  it('is stored as a code, with the parser’s own words beside it', async () => {
    const message = await shown(tooManyParts)
    expect(message.parseErrorCode).toBe('TOO_MANY_PARTS')
    expect(message.parseError).toBe('Max allowed child nodes exceeded')
  })

  it('is said in the user’s language, not in the parser’s English', async () => {
    const message = await shown(tooManyParts)
    for (const lang of ['zh-CN', 'id', 'en']) {
      const text = parseErrorText(await inLanguage(lang), message)!
      expect(text, lang).toContain(locale(lang).thread.parseErrorReason.TOO_MANY_PARTS)
      expect(text, lang).not.toContain('Max allowed child nodes')
    }
  })

  it('reads a message stored before the code was, from the parser’s words', async () => {
    const message = await shown(tooManyParts, (ws) =>
      ws.db.prepare('UPDATE messages SET parse_error_code = NULL').run()
    )
    expect(message.parseErrorCode).toBe('TOO_MANY_PARTS')
    expect(parseErrorText(await inLanguage('zh-CN'), message)).toBe(
      '无法完整读取此邮件：邮件由超过 1000 个部分组成。下面按收到时的原样显示，未经排版。'
    )
  })

  it('says a reason it has no words for as damaged, with the parser’s words as a detail', async () => {
    const message = await shown(tooManyParts, (ws) =>
      ws.db
        .prepare("UPDATE messages SET parse_error_code = NULL, parse_error = 'Unexpected end of input.'")
        .run()
    )
    expect(message.parseErrorCode).toBe('UNREADABLE')
    expect(parseErrorText(await inLanguage('id'), message)).toBe(
      'Pesan ini tidak dapat dibaca sepenuhnya: strukturnya rusak (Unexpected end of input). Pesan ditampilkan di bawah apa adanya saat diterima, tanpa format.'
    )
  })

  it('says nothing for a message read completely', async () => {
    const read = { parseError: null, parseErrorCode: null } satisfies Pick<
      MessageDetail,
      'parseError' | 'parseErrorCode'
    >
    expect(parseErrorText(await inLanguage('en'), read)).toBeNull()
  })
})
