import type { ParseErrorCode } from '../../../src-preload/contract'

/**
 * Why a message could not be read completely: a stable code the windows say in the user's
 * language, and the parser's own words (English) kept beside it for diagnostics.
 */
export type ParseFailure = { code: ParseErrorCode; detail: string }

// mailparser's and its splitter's own words for the limits it refuses (@zone-eu/mailsplit
// message-splitter.js, mailparser mail-parser.js). Anything else is UNREADABLE, with its words.
const KNOWN: ReadonlyArray<[RegExp, ParseErrorCode]> = [
  [/^Max allowed child nodes exceeded/i, 'TOO_MANY_PARTS'],
  [/^Max header size for a MIME node exceeded/i, 'HEADER_TOO_LARGE'],
  [/^HTML too long for parsing/i, 'HTML_TOO_LONG'],
  [/^Failed to parse HTML/i, 'HTML_UNREADABLE']
]

/**
 * The code for the parser's words. Also reads the words stored alone before the code was
 * (migration 0047), so such a message says why in the user's language too.
 */
export function parseErrorCode(detail: string): ParseErrorCode {
  return KNOWN.find(([words]) => words.test(detail.trim()))?.[1] ?? 'UNREADABLE'
}

/** What the parser threw, as it is stored with the message. */
export function parseFailure(error: unknown): ParseFailure {
  const detail = error instanceof Error ? error.message : String(error)
  return { code: parseErrorCode(detail), detail }
}

const CODES: ReadonlySet<string> = new Set<ParseErrorCode>([
  'TOO_MANY_PARTS',
  'HEADER_TOO_LARGE',
  'HTML_TOO_LONG',
  'HTML_UNREADABLE',
  'UNREADABLE'
])

/**
 * A stored message's reason: its code, or, for one stored before codes were (only the parser's
 * words), the code those words tell. Null when it was read completely.
 */
export function storedParseErrorCode(code: string | null, detail: string | null): ParseErrorCode | null {
  if (detail === null && code === null) return null
  if (code !== null && CODES.has(code)) return code as ParseErrorCode
  return parseErrorCode(detail ?? '')
}
