// How long a search may be, how short, and how a term is read, for the contract, the core's parser
// and the UI alike.
// Without zod, so the renderer can import it without pulling the contract's schemas into its bundle.

/** Characters a query may have; a longer one is refused before it is parsed. */
export const MAX_QUERY_LENGTH = 1000

/** Words and operators a query may have: each is a condition on every candidate row. */
export const MAX_QUERY_TERMS = 64

/**
 * Scripts written without spaces between words (Chinese, Japanese, Thai…), plus Korean, whose
 * particles glue onto words, and emoji: searched by substring, and from one character, as one
 * is a word there (票, a surname such as 王). A regular expression character class.
 */
export const UNSPACED_SCRIPT_CLASS =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\p{Script=Tibetan}\\p{Extended_Pictographic}]'

/**
 * A searched term without the variation selector at its end (❤️ is ❤ and U+FE0F, the colour
 * form emoji pickers type): mail holds ❤ or ❤️, and whatever holds the one with it holds the one
 * without, so the term finds both, in the search and in find in the conversation it opens.
 * Inside a term (❤️❤️) it stays, as the indexes keep it.
 */
export const withoutEndSelector = (text: string): string => text.replace(/[\uFE0E\uFE0F]+$/u, '')
