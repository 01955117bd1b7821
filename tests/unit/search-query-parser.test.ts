import { describe, expect, it } from 'vitest'
import { MAX_TERMS, parseQuery, type SearchTerm } from '../../src-main/core/search/query-parser'

const terms = (input: string) => parseQuery(input).clauses.map((c) => (c.negated ? ['-', c.term] : c.term))
const word = (text: string): SearchTerm => ({ kind: 'word', text })

describe('search query parser', () => {
  it('reads plain words as separate word clauses', () => {
    expect(terms('quick  fox')).toEqual([word('quick'), word('fox')])
  })

  it('reads a quoted phrase as one exact phrase', () => {
    expect(terms('the "quick brown" fox')).toEqual([
      word('the'),
      { kind: 'phrase', text: 'quick brown' },
      word('fox')
    ])
  })

  it('runs an unclosed quote to the end, because the user is still typing it', () => {
    expect(terms('"quick bro')).toEqual([{ kind: 'phrase', text: 'quick bro' }])
  })

  it('reads anything with an @ as an address: whole, partial, or a domain', () => {
    expect(terms('@gmail budi.santoso@ ann@example.com')).toEqual([
      { kind: 'address', text: '@gmail' },
      { kind: 'address', text: 'budi.santoso@' },
      { kind: 'address', text: 'ann@example.com' }
    ])
  })

  it('groups bare numbers into one clause that matches any of them', () => {
    expect(terms('016 invoice 014')).toEqual([word('invoice'), { kind: 'numbers', numbers: ['016', '014'] }])
  })

  it('keeps a negated number out of the any-of group', () => {
    expect(terms('016 -014')).toEqual([
      ['-', { kind: 'numbers', numbers: ['014'] }],
      { kind: 'numbers', numbers: ['016'] }
    ])
  })

  it('reads numbers with other characters as words', () => {
    expect(terms('2024-031 10:30')).toEqual([word('2024-031'), word('10:30')])
  })

  it('negates words, phrases and operators with a leading minus', () => {
    expect(terms('-spam -"out of office" -from:noreply -has:attachment')).toEqual([
      ['-', word('spam')],
      ['-', { kind: 'phrase', text: 'out of office' }],
      ['-', { kind: 'field', field: 'from', text: 'noreply', exact: false }],
      ['-', { kind: 'hasAttachment' }]
    ])
  })

  it('does not read a minus inside a word, or a lone minus, as negation', () => {
    expect(terms('e-mail - x')).toEqual([word('e-mail'), word('-'), word('x')])
  })

  it('parses from:, to:, cc: and subject:, with quoted values as exact', () => {
    expect(terms('from:budi to:"Siti N" cc:@acme subject:invoice subject:"harga naik"')).toEqual([
      { kind: 'field', field: 'from', text: 'budi', exact: false },
      { kind: 'field', field: 'to', text: 'Siti N', exact: true },
      { kind: 'field', field: 'cc', text: '@acme', exact: false },
      { kind: 'field', field: 'subject', text: 'invoice', exact: false },
      { kind: 'field', field: 'subject', text: 'harga naik', exact: true }
    ])
  })

  it('reads operator names in any case', () => {
    expect(terms('FROM:x Subject:yz IS:Unread')).toEqual([
      { kind: 'field', field: 'from', text: 'x', exact: false },
      { kind: 'field', field: 'subject', text: 'yz', exact: false },
      { kind: 'is', state: 'unread' }
    ])
  })

  it('parses has:attachment, in:FOLDER, is: states and contact:', () => {
    expect(
      terms(
        'has:attachment has:attachments in:INBOX in:"Sent Items" is:unread is:read is:flagged is:starred contact:carlos'
      )
    ).toEqual([
      { kind: 'hasAttachment' },
      { kind: 'hasAttachment' },
      { kind: 'in', folder: 'INBOX' },
      { kind: 'in', folder: 'Sent Items' },
      { kind: 'is', state: 'unread' },
      { kind: 'is', state: 'read' },
      { kind: 'is', state: 'flagged' },
      { kind: 'is', state: 'flagged' },
      { kind: 'contact', text: 'carlos' }
    ])
  })

  it('parses before: and after: as calendar days, with - or /', () => {
    expect(terms('before:2024-05-31 after:2024/1/2')).toEqual([
      { kind: 'date', bound: 'before', date: '2024-05-31' },
      { kind: 'date', bound: 'after', date: '2024-01-02' }
    ])
  })

  it('reports values that cannot mean anything instead of guessing', () => {
    const query = parseQuery('before:2024-02-30 after:yesterday is:spam has:link')
    expect(query.clauses).toEqual([])
    expect(query.problems).toEqual([
      { reason: 'badDate', value: 'before:2024-02-30' },
      { reason: 'badDate', value: 'after:yesterday' },
      { reason: 'unknownIs', value: 'is:spam' },
      { reason: 'unknownHas', value: 'has:link' }
    ])
  })

  it('reports more words and operators than a search can have, with how many it has', () => {
    expect(parseQuery('quote '.repeat(MAX_TERMS)).problems).toEqual([])
    expect(parseQuery('quote '.repeat(70)).problems).toEqual([{ reason: 'tooManyTerms', value: '70' }])
  })

  it('ignores an operator whose value is not typed yet', () => {
    expect(parseQuery('from: ')).toMatchObject({ clauses: [], characters: 0, tooShort: true })
    expect(terms('from: budi')).toEqual([word('budi')])
  })

  it('treats unknown operators as text', () => {
    expect(terms('re:budget http://x')).toEqual([word('re:budget'), word('http://x')])
  })

  it('needs 3 characters of search text, not counting operators, quotes, minus signs or spaces', () => {
    expect(parseQuery('ab').tooShort).toBe(true)
    expect(parseQuery('abc').tooShort).toBe(false)
    expect(parseQuery('"ab"').tooShort).toBe(true)
    expect(parseQuery('from:ab').tooShort).toBe(true)
    expect(parseQuery('-ab').tooShort).toBe(true)
    expect(parseQuery('a b c')).toMatchObject({ characters: 3, tooShort: false })
    expect(parseQuery('is:unread').tooShort).toBe(false)
  })

  it('counts grapheme clusters, so two emoji are two characters', () => {
    expect(parseQuery('🎉🎉')).toMatchObject({ characters: 2, minLength: 1, tooShort: false })
    // Skin tone and ZWJ sequences are one character each, however many code points they take.
    expect(parseQuery('👍🏽👍🏽')).toMatchObject({ characters: 2, tooShort: false })
    expect(parseQuery('👨‍👩‍👧')).toMatchObject({ characters: 1, tooShort: false })
    expect(parseQuery('e\u0301e\u0301')).toMatchObject({ characters: 2, minLength: 3, tooShort: true })
    expect(parseQuery('e\u0301e\u0301e\u0301').characters).toBe(3)
  })

  it('counts each Chinese character as one, searches from one, and keeps unspaced text as one term', () => {
    // One Chinese character is a word (票, a surname such as 王), and most words are two (发票).
    expect(parseQuery('发票')).toMatchObject({ characters: 2, minLength: 1, tooShort: false })
    expect(parseQuery('票')).toMatchObject({ characters: 1, minLength: 1, tooShort: false })
    expect(parseQuery('from:王')).toMatchObject({ minLength: 1, tooShort: false })
    expect(parseQuery('ab')).toMatchObject({ minLength: 3, tooShort: true })
    expect(parseQuery('发票已')).toMatchObject({ characters: 3, tooShort: false })
    expect(terms('发票已开具 报价单.pdf')).toEqual([word('发票已开具'), word('报价单.pdf')])
  })
})
