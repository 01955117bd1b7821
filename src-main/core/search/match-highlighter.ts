// Where a query matched, as [start, end) offsets into plain text (UTF-16 code units, as
// String.prototype.slice counts). Never markup: the renderer shows hostile mail, so it wraps
// the ranges itself with text nodes.
import { MIN_PREFIX_CHARACTERS } from './fts-expression'
import type { SearchQuery, SearchTerm } from './query-parser'
import {
  countGraphemes,
  fold,
  foldWithOffsets,
  needsSubstringSearch,
  WORD_CHAR,
  wordTokens
} from './search-text'

export type TextRange = [number, number]
export type Highlighted = { text: string; ranges: TextRange[] }
export type Highlighter = { subject(text: string): TextRange[]; snippet(body: string): Highlighted }

const SNIPPET_BEFORE = 60
const SNIPPET_LENGTH = 200
/** Bodies are searched for the snippet this far; beyond it the snippet shows the start. */
const SNIPPET_SCAN = 10_000
/** The head of the body tried first, and how far from its end a window must stay to be used. */
const QUICK_SCAN = 1_500
const CUT_MARGIN = 100
// Word boundaries as the word index has them: a script switch is one ("的iPhone"), see wordIndexText.
const NOT_WORD = `(?<!${WORD_CHAR})`

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

function wordPattern(text: string, prefix: boolean): string | null {
  const tokens = wordTokens(fold(text.normalize('NFC')))
  const last = tokens.at(-1)
  if (last === undefined) return null
  const tail = prefix && countGraphemes(last) >= MIN_PREFIX_CHARACTERS ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`
  return NOT_WORD + tokens.map(escape).join('[^\\p{L}\\p{N}]+') + tail
}

function textPattern(text: string, exact: boolean): string | null {
  if (needsSubstringSearch(text)) return escape(fold(text.normalize('NFC')))
  return wordPattern(text, !exact)
}

/** The pattern a positive clause highlights, and whether it applies to the subject only. */
function termPatterns(term: SearchTerm): { patterns: Array<string | null>; subjectOnly: boolean } {
  switch (term.kind) {
    case 'word':
      return { patterns: [textPattern(term.text, false)], subjectOnly: false }
    case 'phrase':
      return { patterns: [textPattern(term.text, true)], subjectOnly: false }
    case 'numbers':
      return { patterns: term.numbers.map((n) => wordPattern(n, true)), subjectOnly: false }
    case 'field':
      return term.field === 'subject'
        ? { patterns: [textPattern(term.text, term.exact)], subjectOnly: true }
        : { patterns: [], subjectOnly: false }
    default:
      // Addresses, filters: shown by the sender/recipient line and list badges, not in text.
      return { patterns: [], subjectOnly: false }
  }
}

function rangesOf(text: string, pattern: RegExp | null): TextRange[] {
  if (!pattern || text === '') return []
  const { folded, offsets } = foldWithOffsets(text)
  const found: TextRange[] = []
  for (const match of folded.matchAll(pattern)) {
    if (match[0] === '') continue
    const end = match.index + match[0].length
    found.push(offsets ? [offsets[match.index]!, offsets[end]!] : [match.index, end])
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: TextRange[] = []
  for (const range of found) {
    const last = merged.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push(range)
  }
  return merged
}

const combine = (patterns: Array<string | null>): RegExp | null => {
  const present = patterns.filter((p): p is string => p !== null)
  return present.length > 0 ? new RegExp(present.join('|'), 'gu') : null
}

export function createHighlighter(query: SearchQuery): Highlighter {
  const everywhere: Array<string | null> = []
  const subjectOnly: Array<string | null> = []
  for (const clause of query.clauses) {
    if (clause.negated) continue
    const { patterns, subjectOnly: onlySubject } = termPatterns(clause.term)
    ;(onlySubject ? subjectOnly : everywhere).push(...patterns)
  }
  const bodyPattern = combine(everywhere)
  const subjectPattern = combine([...everywhere, ...subjectOnly])
  return {
    subject: (text) => rangesOf(text, subjectPattern),
    snippet: (body) => snippetAround(body, bodyPattern)
  }
}

/** A window of the body around its first match, whitespace collapsed, with every match in it. */
function snippetAround(body: string, pattern: RegExp | null): Highlighted {
  // Most matches are near the top: try a short head of the body first. Its result is the one the
  // full scan would give whenever the window ends well before the cut (see windowIn).
  if (body.length > QUICK_SCAN) {
    const quick = windowIn(collapse(body.slice(0, QUICK_SCAN)), pattern, true)
    if (quick) return quick
  }
  return windowIn(collapse(body.slice(0, SNIPPET_SCAN)), pattern, false, body.length > SNIPPET_SCAN)!
}

// Each run of whitespace becomes one space. Only runs that are not already one space are
// replaced: most are, and a replacement per word costs more than the rest of the snippet.
const collapse = (text: string) => text.replace(/\s{2,}|[^\S ]/g, ' ').trim()

/**
 * The snippet of `clean`, or null when `clean` is only a head of the text and the snippet could
 * differ from the whole text's: no match in it, or a window reaching within CUT_MARGIN of its
 * end, where a match or the characters around one may continue past the cut.
 */
function windowIn(
  clean: string,
  pattern: RegExp | null,
  head: boolean,
  /** The body goes on past `clean`. */
  more = false
): Highlighted | null {
  const found = rangesOf(clean, pattern)
  const first = found[0]
  if (head && pattern && !first) return null
  let start = first ? Math.max(0, first[0] - SNIPPET_BEFORE) : 0
  // Start at a word boundary, unless that would cut off the match.
  if (start > 0) {
    const space = clean.indexOf(' ', start)
    if (space !== -1 && first && space < first[0]) start = space + 1
  }
  const end = Math.min(clean.length, start + SNIPPET_LENGTH)
  if (head && end + CUT_MARGIN > clean.length) return null
  const lead = start > 0 ? '…' : ''
  const text = `${lead}${clean.slice(start, end)}${end < clean.length || more ? '…' : ''}`
  // The matches found in the whole text, cut to the window: no second folding and matching.
  const ranges = found
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): TextRange => [a - start + lead.length, b - start + lead.length])
  return { text, ranges }
}
