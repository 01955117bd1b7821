// The search query language, parsed into clauses that are ANDed together:
//   fox                 a word (matches words starting with it)
//   "quick brown"       an exact phrase
//   @gmail, ann@ex      an address, part of one, or a domain (in sender and recipients)
//   016 014             numbers: a message containing any of them matches
//   from: to: cc: subject:  (to: is any recipient, cc: only Cc; parts of addresses match)
//   has:attachment in:FOLDER is:unread|read|flagged
//   before:YYYY-MM-DD after:YYYY-MM-DD contact:NAME-OR-EMAIL
//   -word, -from:x …    negation of any clause
// Parsing never throws: a query typed halfway ("from:") is simply incomplete.
import type { SearchProblem } from '../../../src-preload/contract'
import { countGraphemes, minQueryCharacters } from './search-text'
import { MAX_QUERY_TERMS, withoutEndSelector } from '../../../src-preload/contract/search-limits'

export type TextField = 'from' | 'to' | 'cc' | 'subject'
export type MessageState = 'unread' | 'read' | 'flagged'

export type SearchTerm =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'address'; text: string }
  | { kind: 'numbers'; numbers: string[] }
  /** exact: the value was quoted, so it is matched as one phrase. */
  | { kind: 'field'; field: TextField; text: string; exact: boolean }
  | { kind: 'hasAttachment' }
  | { kind: 'in'; folder: string }
  | { kind: 'is'; state: MessageState }
  /** date: YYYY-MM-DD, a day in the user's time zone; before excludes it, after includes it. */
  | { kind: 'date'; bound: 'before' | 'after'; date: string }
  | { kind: 'contact'; text: string }

export type SearchClause = { negated: boolean; term: SearchTerm }

export type SearchQuery = {
  clauses: SearchClause[]
  /** Characters of search text typed (operator names, quotes and minus signs excluded). */
  characters: number
  /** Characters needed before this query is searched (minQueryCharacters). */
  minLength: number
  tooShort: boolean
  /**
   * Operator values that cannot mean anything ("before:tomorrow"), and too many terms: as codes,
   * so the UI says them in its language (query-problems.ts words them in English).
   */
  problems: SearchProblem[]
}

const OPERATORS = new Set(['from', 'to', 'cc', 'subject', 'has', 'in', 'is', 'before', 'after', 'contact'])
const STATES: Record<string, MessageState> = {
  unread: 'unread',
  read: 'read',
  flagged: 'flagged',
  starred: 'flagged'
}

type RawToken = { negated: boolean; operator: string | null; value: string; quoted: boolean }

const isSpace = (char: string | undefined) => char !== undefined && /\s/u.test(char)

/** Splits the input into tokens: [-][operator:]value, where a value may be "quoted with spaces". */
export function lexQuery(input: string): RawToken[] {
  const tokens: RawToken[] = []
  let i = 0
  while (i < input.length) {
    if (isSpace(input[i])) {
      i++
      continue
    }
    let negated = false
    if (input[i] === '-' && i + 1 < input.length && !isSpace(input[i + 1])) {
      negated = true
      i++
    }
    let operator: string | null = null
    const named = /^([a-zA-Z]+):/.exec(input.slice(i, i + 12))
    if (named && OPERATORS.has(named[1]!.toLowerCase())) {
      operator = named[1]!.toLowerCase()
      i += named[0].length
    }
    let value = ''
    let quoted = false
    if (input[i] === '"') {
      // An unclosed quote runs to the end: the user is still typing the phrase.
      const end = input.indexOf('"', i + 1)
      value = input.slice(i + 1, end === -1 ? input.length : end)
      quoted = true
      i = end === -1 ? input.length : end + 1
    } else {
      const start = i
      while (i < input.length && !isSpace(input[i])) i++
      value = input.slice(start, i)
    }
    tokens.push({ negated, operator, value: value.trim(), quoted })
  }
  return tokens
}

/** "2024-05-31" or "2024/05/31" to "2024-05-31"; null when it is not a real calendar day. */
export function parseDay(value: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function operatorTerm(token: RawToken, problems: SearchProblem[]): SearchTerm | null {
  const { operator, value } = token
  switch (operator) {
    case 'from':
    case 'to':
    case 'cc':
    case 'subject':
      return { kind: 'field', field: operator, text: withoutEndSelector(value), exact: token.quoted }
    case 'has':
      if (/^attachments?$/i.test(value)) return { kind: 'hasAttachment' }
      problems.push({ reason: 'unknownHas', value: `has:${value}` })
      return null
    case 'is': {
      const state = STATES[value.toLowerCase()]
      if (state) return { kind: 'is', state }
      problems.push({ reason: 'unknownIs', value: `is:${value}` })
      return null
    }
    case 'before':
    case 'after': {
      const date = parseDay(value)
      if (date) return { kind: 'date', bound: operator, date }
      problems.push({ reason: 'badDate', value: `${operator}:${value}` })
      return null
    }
    case 'in':
      return { kind: 'in', folder: value }
    case 'contact':
      return { kind: 'contact', text: value }
    default:
      return null
  }
}

function plainTerm(token: RawToken): SearchTerm {
  const text = withoutEndSelector(token.value)
  if (token.quoted) return { kind: 'phrase', text }
  if (/^\d+$/.test(text)) return { kind: 'numbers', numbers: [text] }
  if (text.includes('@')) return { kind: 'address', text }
  return { kind: 'word', text }
}

/**
 * Words, phrases and operators a query may have. Each one is a term of an FTS5 expression or an
 * SQL condition, and SQLite limits both (FTS5's parser stack, expression depth); no one types
 * this many, so a query that has more (pasted text) is refused with a reason, not an SQL error.
 */
export const MAX_TERMS = MAX_QUERY_TERMS

export function parseQuery(input: string): SearchQuery {
  const clauses: SearchClause[] = []
  const problems: SearchProblem[] = []
  const anyNumber: string[] = []
  let characters = 0
  let terms = 0
  for (const token of lexQuery(input)) {
    // "from:" or '""' on its own: the user has not typed the value yet.
    if (token.value === '') continue
    characters += countGraphemes(token.value)
    const term = token.operator ? operatorTerm(token, problems) : plainTerm(token)
    if (!term) continue
    terms++
    // Numbers typed side by side are alternatives ("016 014"): one clause, any of them.
    if (term.kind === 'numbers' && !token.negated) anyNumber.push(...term.numbers)
    else clauses.push({ negated: token.negated, term })
  }
  if (anyNumber.length > 0) clauses.push({ negated: false, term: { kind: 'numbers', numbers: anyNumber } })
  if (terms > MAX_TERMS) problems.push({ reason: 'tooManyTerms', value: String(terms) })
  const minLength = minQueryCharacters(input)
  return { clauses, characters, minLength, tooShort: characters < minLength, problems }
}
