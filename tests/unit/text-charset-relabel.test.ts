import { describe, expect, it } from 'vitest'
import { parseMessage } from '../../src-main/core/mail/message-parser'

const latin1 = (text: string) => Buffer.from(text, 'latin1')

describe('charset-less 8-bit plain text', () => {
  it('is read in its charset also when the HTML beside it is relabelled from its <meta>', async () => {
    const raw = latin1(
      'Subject: d\r\nContent-Type: multipart/alternative; boundary=o\r\n\r\n' +
        '--o\r\nContent-Type: text/plain\r\n\r\nK\xf6ln\r\n' +
        '--o\r\nContent-Type: text/html\r\n\r\n' +
        '<html><head><meta charset="iso-8859-1"></head><body>K\xf6ln</body></html>\r\n--o--\r\n'
    )
    const parsed = await parseMessage(raw)
    // The text is what a reply quotes and search finds.
    expect(parsed.text?.trim()).toBe('Köln')
    expect(parsed.html).toContain('<body>Köln</body>')
  })

  it('that is valid UTF-8 holding U+FFFD (damaged before it was sent) is left as it is', async () => {
    const raw = Buffer.from('Subject: d\r\nContent-Type: text/plain\r\n\r\nK\uFFFDln \u00e9\r\n', 'utf8')
    expect((await parseMessage(raw)).text?.trim()).toBe('K\uFFFDln \u00e9')
  })
})
