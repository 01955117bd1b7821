// One- and two-character substrings through a trigram index. FTS5's trigram tokenizer makes no
// token of fewer than three characters, so 发票 alone (the word for invoice, and most Chinese
// words are two characters) or 王 (a surname) matched nothing. But every 发票 in indexed text is
// followed by a character, and every 王 by two (the indexer ends each column with two line
// breaks, see message-index.ts), so the texts containing one are exactly those holding a trigram
// that starts with it: 发票已, 发票，, 发票\n and so on. The index's own vocabulary lists those
// trigrams, read by a range on the term (a b-tree seek, under a millisecond on 100k messages),
// and their OR is an ordinary MATCH.
import type { Database, Statement } from 'better-sqlite3'
import { columnFilter, quoteFts, substringExpression } from './fts-expression'
import { countCodePoints, fold, needsSubstringSearch, searchForm } from './search-text'

/**
 * Above this many trigrams in a query the OR costs more than reading the rows (~40 ms for 1,000
 * on random Chinese text, where real mail has far fewer), and the caller scans instead.
 */
export const MAX_TRIGRAMS = 2000

/** A needle's trigrams, `[]` when the index holds none, null when there are too many to OR. */
export type TrigramsStartingWith = (needle: string) => string[] | null

/**
 * The needle of a one- or two-code-point substring with a character of the unspaced scripts (王,
 * 发票, A票), folded as the trigram tokenizer folds; else null. Letters of other scripts (from:Йо)
 * are left to the row check as before: the folds of their many alphabets are where ours and
 * FTS5's could differ, and a needle folded differently would find nothing.
 */
export function shortNeedle(text: string): string | null {
  const needle = trigramFold(searchForm(text))
  const length = countCodePoints(needle)
  return length >= 1 && length <= 2 && needsSubstringSearch(needle) ? needle : null
}

/** Case folds FTS5 makes that toLowerCase does not. */
const FTS5_CASE_FOLDS: Record<string, string> = {
  ς: 'σ',
  µ: 'μ',
  ſ: 's',
  ẛ: 's',
  ϐ: 'β',
  ϑ: 'θ',
  ϕ: 'φ',
  ϖ: 'π',
  ϰ: 'κ',
  ϱ: 'ρ',
  ϵ: 'ε'
}

/**
 * Text folded as FTS5's trigram tokenizer folds its terms: lower case, and accents off Latin
 * letters only (remove_diacritics). Not fold(), which takes them off every letter: й, ё, ά and أ
 * stay in the terms, and looked up as и, е, α and ا, two letters of Йорген, Νίκος or أحمد found
 * nothing, where three do (their quoted string is folded by FTS5 itself).
 */
function trigramFold(text: string): string {
  let folded = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    const latin = code < 0x250 || (code >= 0x1e00 && code <= 0x1eff)
    folded += FTS5_CASE_FOLDS[char] ?? (latin ? fold(char) : char.toLowerCase())
  }
  return folded
}

/**
 * Lists the trigrams of `table` (an FTS5 trigram table in main) that start with a needle, through
 * a temp fts5vocab table of this connection (nothing is added to the workspace file).
 */
export function trigramsStartingWith(db: Database, table: string): TrigramsStartingWith {
  const vocab = `${table}_terms`
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${vocab} USING fts5vocab(main, ${table}, row)`)
  // Terms are three code points and compare as UTF-8 bytes: U+10FFFF sorts after any other.
  const terms: Statement = db
    .prepare(`SELECT term FROM temp.${vocab} WHERE term >= ? AND term <= ? LIMIT ${MAX_TRIGRAMS + 1}`)
    .pluck()
  return (needle) => {
    const found = terms.all(needle, `${needle}\u{10ffff}\u{10ffff}`) as string[]
    return found.length > MAX_TRIGRAMS ? null : found
  }
}

/**
 * The lookup for one query: a needle whose trigrams would take the query past MAX_TRIGRAMS in all
 * (64 two-character words of a few hundred each) gets null, and is scanned for among the rows the
 * other terms found.
 */
export function withinBudget(trigrams: TrigramsStartingWith): TrigramsStartingWith {
  let left = MAX_TRIGRAMS
  return (needle) => {
    const found = trigrams(needle)
    if (found === null || found.length > left) return null
    left -= found.length
    return found
  }
}

/** No indexed text holds the substring: the condition is false, with no index to read. */
export const NOWHERE = 'nowhere'

/**
 * The trigram MATCH for text containing `text` (in `columns`, or anywhere): as a quoted string
 * from three code points, as its trigrams' OR at one or two. NOWHERE when no text holds a short
 * one, null when trigrams cannot answer (no character of the unspaced scripts, as from:Йо, or too
 * many trigrams): the caller scans.
 */
export function substringMatch(
  text: string,
  columns: readonly string[] | undefined,
  trigrams: TrigramsStartingWith | undefined
): string | typeof NOWHERE | null {
  const match = substringExpression(text, columns)
  if (match !== null || trigrams === undefined) return match
  const needle = shortNeedle(text)
  const found = needle === null ? null : trigrams(needle)
  if (found === null) return null
  return found.length === 0 ? NOWHERE : columnFilter(columns, `(${found.map(quoteFts).join(' OR ')})`)
}
