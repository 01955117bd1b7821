// withDate on a message as the composer builds it: only the top Date header changes.
import { describe, expect, it } from 'vitest'
import { simpleParser } from 'mailparser'
import { composeMessage } from '../../src-main/core/send/compose-message'
import { withDate } from '../../src-main/core/outbox/outgoing-message'

describe('a scheduled message dated again for Send now', () => {
  it('re-dates only the top Date header and keeps every other byte', async () => {
    const raw = await composeMessage(
      {
        from: { name: 'Zoë Ünïcode', address: 'zoe@example.test' },
        to: ['a@example.test'],
        cc: [],
        subject: 'Date: tomorrow — ' + 'très long sujet avec des accents '.repeat(6),
        text: 'Date: in the body\r\nline two é',
        references: [],
        date: new Date('2030-01-05T10:00:00Z'),
        attachments: [{ filename: 'x.txt', contentType: 'text/plain', content: Buffer.from('Date: x') }]
      },
      '<id@example.test>'
    )
    const now = new Date('2026-12-04T22:00:00Z')
    const out = withDate(raw, now)
    const parsed = await simpleParser(out)
    const before = await simpleParser(raw)
    expect(parsed.date!.toISOString()).toBe(now.toISOString())
    expect(parsed.subject).toBe(before.subject)
    expect(parsed.text).toBe(before.text)
    expect(parsed.attachments[0]!.content.toString()).toBe('Date: x')
    expect(parsed.from!.text).toBe(before.from!.text)
    const rawText = raw.toString('latin1')
    const outText = out.toString('latin1')
    expect(outText.replace(/^Date: .*$/m, '')).toBe(rawText.replace(/^Date: .*$/m, ''))
  })
})
