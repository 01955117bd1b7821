// Building FTS5 MATCH expressions from user text. User text only ever reaches FTS5 inside a
// quoted string, so no query can inject FTS5 syntax (NEAR, column filters, a stray "*").
import {
  countCodePoints,
  countGraphemes,
  searchForm,
  TRIGRAM_MIN_CODE_POINTS,
  wordTokens
} from './search-text'

/** Words shorter than this match whole words only: a 1-2 letter prefix matches half the vocabulary. */
export const MIN_PREFIX_CHARACTERS = 3

export const quoteFts = (text: string): string => `"${text.replace(/"/g, '""')}"`

export const columnFilter = (columns: readonly string[] | undefined, expression: string): string =>
  columns && columns.length > 0 ? `{${columns.join(' ')}} : ${expression}` : expression

/**
 * A term for a unicode61 index: the phrase of its tokens, the last one matched as a prefix
 * ("gmail.com" is the phrase gmail com*). Null when the term has no word characters at all.
 */
export function wordExpression(
  text: string,
  options: { prefix: boolean; columns?: readonly string[] }
): string | null {
  const tokens = wordTokens(searchForm(text))
  const last = tokens.at(-1)
  if (last === undefined) return null
  const prefix = options.prefix && countGraphemes(last) >= MIN_PREFIX_CHARACTERS
  return columnFilter(options.columns, `${quoteFts(tokens.join(' '))}${prefix ? '*' : ''}`)
}

/**
 * A substring for the trigram index: a quoted string is a run of consecutive trigrams, which is
 * exactly "contains". Null below three code points, which trigrams cannot express.
 */
export function substringExpression(text: string, columns?: readonly string[]): string | null {
  const clean = searchForm(text)
  if (countCodePoints(clean) < TRIGRAM_MIN_CODE_POINTS) return null
  return columnFilter(columns, quoteFts(clean))
}
