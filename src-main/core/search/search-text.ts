// Text rules shared by the indexer, the query compiler and the highlighter, so that what is
// indexed, what is queried and what is highlighted can never disagree.

/** Search starts at this many characters (grapheme clusters: one emoji counts as one). */
export const MIN_QUERY_CHARACTERS = 3

/** FTS5's trigram tokenizer cannot match fewer code points than this. */
export const TRIGRAM_MIN_CODE_POINTS = 3

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })

/** What a person counts as characters: "👍🏽" or "é" written as e + accent are one each. */
export function countGraphemes(text: string): number {
  let count = 0
  for (const segment of graphemes.segment(text)) if (segment.segment.trim() !== '') count++
  return count
}

export const countCodePoints = (text: string): number => [...text].length

/**
 * Scripts written without spaces between words (Chinese, Japanese, Thai…), plus Korean, whose
 * particles glue onto words, and emoji, which the word tokenizer drops. Text in these is found
 * by substring through the trigram index; unicode61 would make a whole sentence one token.
 */
const SUBSTRING_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Extended_Pictographic}]/u

export const needsSubstringSearch = (text: string): boolean => SUBSTRING_SCRIPT.test(text)

/**
 * The lines of a body that contain substring-script text, for the trigram index. Indexing only
 * these (not every line) keeps the trigram index a fraction of the word index on Latin mail,
 * while a phrase mixing scripts on one line ("顺丰SF快递") is still found.
 */
export function substringLines(text: string): string {
  if (!needsSubstringSearch(text)) return ''
  return text
    .split('\n')
    .filter((line) => needsSubstringSearch(line))
    .map((line) => line.trim())
    .join('\n')
}

/** unicode61 token characters: letters, numbers and private-use, as FTS5 defines them. */
export const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u
const TOKENS = /[\p{L}\p{N}\p{Co}]+/gu

/** The word tokens of a query term, as unicode61 will see them. */
export const wordTokens = (text: string): string[] => text.match(TOKENS) ?? []

/** One character folded: lower case, accents removed (é to e), as the indexes fold it. */
function foldChar(char: string, code: number): string {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char
  // CJK, kana, Hangul and emoji have no case and no accents to strip: the common case in
  // Chinese mail, kept off the slow path.
  if ((code >= 0x2e80 && code < 0xff00) || code >= 0x1f000) return char
  const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  // A lone combining mark folds to nothing; keep it so offsets stay aligned.
  return base === '' ? char : base
}

/**
 * Characters whose folding is toLowerCase, one unit for one: ASCII, plus ranges foldChar passes
 * through unchanged that have no case either (Latin Extended-D and Cyrillic Extended-B, between
 * them, do), and fullwidth punctuation (，：？！). Chinese mail is mostly these.
 */
const LOWER_CASE_FOLDS =
  '\\0-\\x7f\\u2e80-\\ua63f\\ua800-\\ud7ff\\ue000-\\ufeff\\uff00-\\uff20\\u{1f000}-\\u{10ffff}'
const ONLY_LOWER_CASE_FOLDS = new RegExp(`^[${LOWER_CASE_FOLDS}]*$`, 'u')
/** The rest, and capitals: what foldChar has to fold one by one when a text has some of the rest. */
const OTHER_FOLDS = new RegExp(`[A-Z]|[^${LOWER_CASE_FOLDS}]`, 'gu')

/**
 * Case- and accent-folded text plus, for each folded UTF-16 unit, the offset in the original it
 * came from (null when they are the same, as for ASCII). The highlighter matches on the folded
 * text and reports ranges in the original. It folds the body of every hit shown, so the common
 * cases are kept off the character-by-character path.
 */
export function foldWithOffsets(text: string): { folded: string; offsets: number[] | null } {
  if (ONLY_LOWER_CASE_FOLDS.test(text)) return { folded: text.toLowerCase(), offsets: null }
  // Most other characters fold to as many units as they take (é to e): offsets are still the same.
  let aligned = true
  const folded = text.replace(OTHER_FOLDS, (char) => {
    const piece = foldChar(char, char.codePointAt(0)!)
    if (piece.length !== char.length) aligned = false
    return piece
  })
  if (aligned) return { folded, offsets: null }
  const pieces: string[] = []
  const offsets: number[] = []
  let index = 0
  for (const char of text) {
    const piece = foldChar(char, char.codePointAt(0)!)
    pieces.push(piece)
    for (let i = 0; i < piece.length; i++) offsets.push(index)
    index += char.length
  }
  offsets.push(index)
  return { folded: pieces.join(''), offsets }
}

export const fold = (text: string): string => foldWithOffsets(text).folded
