// Text rules shared by the indexer, the query compiler and the highlighter, so that what is
// indexed, what is queried and what is highlighted can never disagree.
import { UNSPACED_SCRIPT_CLASS } from '../../../src-preload/contract/search-limits'

/** Search starts at this many characters (grapheme clusters: one emoji counts as one). */
export const MIN_QUERY_CHARACTERS = 3

/**
 * Or at this many when the query has Chinese, Japanese, Korean or another script of
 * needsSubstringSearch: one character is a word there (票, a surname such as 王), and most
 * words are two (发票, 合同, 회의); a three-character minimum refused them all.
 */
export const MIN_UNSPACED_QUERY_CHARACTERS = 1

/** The characters a query needs before it is searched (see the two minimums above). */
export const minQueryCharacters = (query: string): number =>
  needsSubstringSearch(query) ? MIN_UNSPACED_QUERY_CHARACTERS : MIN_QUERY_CHARACTERS

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
const SUBSTRING_SCRIPT = new RegExp(UNSPACED_SCRIPT_CLASS, 'u')

export const needsSubstringSearch = (text: string): boolean => SUBSTRING_SCRIPT.test(text)

const SUBSTRING_RUNS = new RegExp(`${SUBSTRING_SCRIPT.source}+`, 'gu')

/**
 * The letters and digits of the Halfwidth and Fullwidth Forms block: fullwidth Latin and digits
 * (Ｉｎｖｏｉｃｅ １２３, typed by Japanese and Chinese input methods), halfwidth katakana (ﾃｽﾄ, from
 * old systems and receipts) and halfwidth Hangul. Neither index folds them to their usual forms.
 * Not the block's punctuation (，：！): it is in almost every Chinese line, and folding it would
 * cost a replacement each and change what the trigram index holds of Chinese text.
 */
const WIDTH_FORM_CLASS = '[\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a\\uff66-\\uffdc]'
const WIDTH_FORMS = new RegExp(`${WIDTH_FORM_CLASS}+`, 'g')
const WIDTH_FORM = new RegExp(`^${WIDTH_FORM_CLASS}`)

/**
 * Widths folded: Ｉｎｖｏｉｃｅ to Invoice, ﾃｽﾄ to テスト. NFKC of these runs only, not of the whole
 * text: NFKC elsewhere also rewrites ligatures, circled numbers, superscripts and "…", and costs a
 * pass over every body indexed. A run is normalized whole so a halfwidth voicing mark joins its
 * kana (ﾃﾞ to デ, one character).
 */
export const foldWidth = (text: string): string => text.replace(WIDTH_FORMS, (run) => run.normalize('NFKC'))

/** A query's text as the indexes hold theirs: composed (NFC), widths folded. */
export const searchForm = (text: string): string => foldWidth(text.normalize('NFC'))

/**
 * Text for a word index (unicode61), widths folded, with a space at every switch into or out of
 * the substring scripts: unicode61 splits words at spaces and punctuation only, so the iPhone of
 * "您购买的iPhone手机" would otherwise be inside one token no word query reaches. The runs of
 * those scripts stay tokens of their own, as before; they are found through the trigram index.
 */
export const wordIndexText = (text: string): string => spaceScripts(foldWidth(text))

/** wordIndexText of a text whose widths are folded already. */
export const spaceScripts = (text: string): string =>
  needsSubstringSearch(text) ? text.replace(SUBSTRING_RUNS, ' $& ') : text

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
/**
 * A letter or number of a word as the word index splits words (wordIndexText): not in the
 * substring scripts, so "的" before "iPhone" ends a word. For patterns: (?:…) of one character.
 */
export const WORD_CHAR = `(?:(?!${SUBSTRING_SCRIPT.source})[\\p{L}\\p{N}])`
const TOKENS = new RegExp(
  `(?:(?=${SUBSTRING_SCRIPT.source})[\\p{L}\\p{N}\\p{Co}])+|(?:(?!${SUBSTRING_SCRIPT.source})[\\p{L}\\p{N}\\p{Co}])+`,
  'gu'
)

/** The word tokens of a query term, as unicode61 will see them in text from wordIndexText. */
export const wordTokens = (text: string): string[] => text.match(TOKENS) ?? []

/**
 * One character folded: lower case, accents removed (é to e), widths folded (Ａ to a, ｶ to カ), as
 * the indexes fold it. A halfwidth kana comes with its voicing mark (ﾃﾞ, folded to デ).
 */
function foldChar(char: string, code: number): string {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : char
  // The width forms foldWidth folds. Fullwidth letters and digits are ASCII moved up: what NFKC
  // makes of them, cheaply.
  if (WIDTH_FORM.test(char)) {
    if (code > 0xff5a) return char.normalize('NFKC')
    return foldChar(String.fromCharCode(code - 0xfee0), code - 0xfee0)
  }
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
  '\\0-\\x7f\\u2e80-\\ua63f\\ua800-\\ud7ff\\ue000-\\ufeff\\uff00-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u{1f000}-\\u{10ffff}'
const ONLY_LOWER_CASE_FOLDS = new RegExp(`^[${LOWER_CASE_FOLDS}]*$`, 'u')
/** A halfwidth kana and the voicing mark NFKC joins to it: folded together. */
const VOICED_KANA = '[\\uff66-\\uff9d][\\uff9e\\uff9f]'
/** The rest, and capitals: what foldChar has to fold one by one when a text has some of the rest. */
const OTHER_FOLDS = new RegExp(`${VOICED_KANA}|[A-Z]|[^${LOWER_CASE_FOLDS}]`, 'gu')
/** What foldChar folds, in order: the characters of a text, voiced halfwidth kana taken whole. */
const FOLD_UNITS = new RegExp(`${VOICED_KANA}|[\\s\\S]`, 'gu')

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
  for (const [unit] of text.matchAll(FOLD_UNITS)) {
    const piece = foldChar(unit, unit.codePointAt(0)!)
    pieces.push(piece)
    for (let i = 0; i < piece.length; i++) offsets.push(index)
    index += unit.length
  }
  offsets.push(index)
  return { folded: pieces.join(''), offsets }
}

export const fold = (text: string): string => foldWithOffsets(text).folded
