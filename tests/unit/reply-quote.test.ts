// The quote a reply carries below its text, the way Gmail writes it: "On <date>, <sender> wrote:"
// and the answered message's lines after "> ", RFC 3676-friendly (no trailing spaces, nested
// quotes deepened, not rewrapped), capped so a long exchange does not grow without end.
import { describe, expect, it } from 'vitest'
import {
  attributionDate,
  attributionLine,
  MAX_QUOTED_CHARS,
  quotedLines,
  withQuote,
  type QuotedMessage
} from '../../src-main/core/send/reply-quote'
import { quoteReplies, setQuoteReplies } from '../../src-main/core/outbox/quote-replies-setting'
import BetterSqlite3 from 'better-sqlite3'

const ana: QuotedMessage = {
  fromName: 'Ana Lima',
  fromAddress: 'ana@client.test',
  date: Date.parse('2026-12-07T14:05:00Z'),
  text: 'Can you send the quote?\nThanks,\nAna'
}

describe('the quote below a reply', () => {
  it('puts the attribution line and every line of the message after the reply', () => {
    expect(withQuote('Sure, attached.', ana, 'UTC')).toBe(
      [
        'Sure, attached.',
        '',
        'On Mon, 7 Dec 2026 at 14:05, Ana Lima <ana@client.test> wrote:',
        '> Can you send the quote?',
        '> Thanks,',
        '> Ana'
      ].join('\n')
    )
  })

  it('writes the date in the given time zone, the sender’s', () => {
    expect(attributionDate(ana.date, 'Asia/Jakarta')).toBe('Mon, 7 Dec 2026 at 21:05')
    expect(attributionDate(Date.parse('2026-01-04T23:30:00Z'), 'Asia/Shanghai')).toBe(
      'Mon, 5 Jan 2026 at 07:30'
    )
  })

  it('quotes nothing when the message has no text (attachments only, or not stored)', () => {
    expect(withQuote('Hello', { ...ana, text: '' }, 'UTC')).toBe('Hello')
    expect(withQuote('Hello', { ...ana, text: ' \n\n ' }, 'UTC')).toBe('Hello')
    expect(withQuote('Hello', { ...ana, text: null }, 'UTC')).toBe('Hello')
    expect(withQuote('Hello', null, 'UTC')).toBe('Hello')
  })

  it('is the quote alone for a reply of attachments only, and trims the reply’s trailing lines', () => {
    expect(withQuote('', ana, 'UTC')).toMatch(
      /^On Mon, 7 Dec 2026 at 14:05, Ana Lima <ana@client\.test> wrote:\n> Can/
    )
    expect(withQuote('Yes.\n\n\n', ana, 'UTC')).toMatch(/^Yes\.\n\nOn Mon/)
  })

  it('quotes CJK text as it is', () => {
    const text = withQuote('好的，谢谢。', { ...ana, fromName: '李娜', text: '请发报价单。\n谢谢！' }, 'UTC')
    expect(text).toBe(
      '好的，谢谢。\n\nOn Mon, 7 Dec 2026 at 14:05, 李娜 <ana@client.test> wrote:\n> 请发报价单。\n> 谢谢！'
    )
  })

  it('deepens a quote already there (">> older") and leaves no line ending in a space', () => {
    const quoted = quotedLines('Agreed.\r\n\r\n> On Sun, Bob wrote:\r\n> > first\r\n>\r\ntrailing   \r\n')
    expect(quoted).toBe(
      ['> Agreed.', '>', '>> On Sun, Bob wrote:', '>> > first', '>>', '> trailing'].join('\n')
    )
    expect(quoted.split('\n').every((line) => !/\s$/.test(line))).toBe(true)
  })

  it('keeps one blank line between paragraphs (the text of Gmail HTML has two)', () => {
    expect(quotedLines('Hi Ana,\n\n\nThursday suits us.\n\n\n\nBudi')).toBe(
      '> Hi Ana,\n>\n> Thursday suits us.\n>\n> Budi'
    )
  })

  it('keeps one blank line above "[Quoted text shortened]" when the cut falls after a paragraph', () => {
    expect(quotedLines(`Hi Ana,\n\n\n${'x'.repeat(50)}`, 12)).toBe('> Hi Ana,\n>\n> [Quoted text shortened]')
  })

  it('keeps long lines whole rather than rewrapping them', () => {
    const long = 'word '.repeat(400).trim()
    expect(quotedLines(long)).toBe(`> ${long}`)
  })

  it('cuts a very long message at a line, says so, and never splits a character', () => {
    const line = '报价'.repeat(40)
    const text = Array.from({ length: 5000 }, () => line).join('\n')
    const quoted = quotedLines(text)
    expect(quoted.length).toBeLessThan(MAX_QUOTED_CHARS + 5000)
    expect(quoted.endsWith('>\n> [Quoted text shortened]')).toBe(true)
    const lines = quoted.split('\n')
    expect(lines.slice(0, -2).every((l) => l === `> ${line}`)).toBe(true)
    // One line longer than the cap: cut inside it, between whole characters.
    const emoji = quotedLines('😀'.repeat(20), 7)
    expect(emoji).toBe(`> ${'😀'.repeat(3)}\n>\n> [Quoted text shortened]`)
  })

  it('quotes a hostile message (runs of spaces not at a line end) in one pass, the core not held up', () => {
    // Quadratic before: ~15 s for this message, every other command of the core waiting (the
    // test then fails on its timeout).
    const spaces = ' '.repeat(30_000)
    const past = `z${' '.repeat(150_000)}z`
    const hostile: QuotedMessage = { ...ana, text: `Hi${spaces}x\n${spaces}\ty\n${past}` }
    const sent = withQuote(`Sure.${spaces}ok`, hostile, 'UTC')
    expect(sent.split('\n').slice(-4)).toEqual([
      `> Hi${spaces}x`,
      `> ${spaces}\ty`,
      '>',
      '> [Quoted text shortened]'
    ])
  })

  it('keeps a crafted sender name on the attribution line', () => {
    expect(attributionLine({ ...ana, fromName: 'Eve\r\n> injected' }, 'UTC')).toBe(
      'On Mon, 7 Dec 2026 at 14:05, Eve > injected <ana@client.test> wrote:'
    )
    expect(attributionLine({ ...ana, fromName: '' }, 'UTC')).toBe(
      'On Mon, 7 Dec 2026 at 14:05, ana@client.test wrote:'
    )
  })
})

describe('the quote setting', () => {
  it('is on until turned off, per workspace', () => {
    const db = new BetterSqlite3(':memory:')
    db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    expect(quoteReplies(db)).toBe(true)
    setQuoteReplies(db, false)
    expect(quoteReplies(db)).toBe(false)
    setQuoteReplies(db, true)
    expect(quoteReplies(db)).toBe(true)
  })
})
