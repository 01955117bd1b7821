// Finding a typed text in what the open conversation shows, the way find-in-page does: a
// substring, ignoring case, accents ("jose" finds "José") and width (ｈｅｌｌｏ, as Chinese and
// Japanese input methods type it, finds "hello", as the global search does). Pure, so it is unit-tested.
import { UNSPACED_SCRIPT_CLASS, withoutEndSelector } from '../../../../src-preload/contract/search-limits'

export type TextRange = [number, number]

/** At least this many characters before the conversation is searched (one letter marks everything). */
export const MIN_FIND_CHARACTERS = 2

/**
 * Or one in the scripts where one character is a word (王, 票) and emoji, as the global search
 * finds them from one: a result it found opens with its match marked.
 */
const ONE_CHARACTER_WORDS = new RegExp(UNSPACED_SCRIPT_CLASS, 'u')

/** Whether a folded needle (foldNeedle) is long enough to look for. */
export const isFindable = (needle: string): boolean =>
  [...needle].length >= (ONE_CHARACTER_WORDS.test(needle) ? 1 : MIN_FIND_CHARACTERS)

function foldChar(char: string): string {
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
  // A lone combining mark folds to nothing; keep it so offsets stay aligned.
  return base === '' ? char : base
}

/**
 * The folded text and, for each folded UTF-16 unit, where the original character it came from
 * starts and ends: one character can fold to several ("…" to "...", "ﬁ" to "fi"), and a match
 * ending inside them marks the whole character. A run of white space folds to one space, so a
 * line break in the mail does not hide a phrase.
 */
function fold(text: string): { folded: string; offsets: number[]; ends: number[] } {
  const pieces: string[] = []
  const offsets: number[] = []
  const ends: number[] = []
  let index = 0
  let space = false
  for (const char of text) {
    const isSpace = /\s/u.test(char)
    const piece = isSpace ? (space ? '' : ' ') : foldChar(char)
    space = isSpace
    pieces.push(piece)
    for (let i = 0; i < piece.length; i++) {
      offsets.push(index)
      ends.push(index + char.length)
    }
    index += char.length
  }
  return { folded: pieces.join(''), offsets, ends }
}

/**
 * Normalizes what the user typed as the text is: folded, runs of spaces made one, and without a
 * variation selector at its end, as the global search drops it (❤️ finds ❤ too).
 */
export const foldNeedle = (query: string): string => fold(withoutEndSelector(query.trim())).folded

/** Every non-overlapping occurrence of the query in the text, as [start, end) offsets into it. */
export function findInText(text: string, query: string): TextRange[] {
  const needle = foldNeedle(query)
  if (!isFindable(needle) || text === '') return []
  const { folded, offsets, ends } = fold(text)
  const ranges: TextRange[] = []
  let end = 0
  for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
    const range: TextRange = [offsets[at]!, ends[at + needle.length - 1]!]
    // Widened to whole characters, a match can reach into the last one's: counted once.
    if (range[0] < end) continue
    ranges.push(range)
    end = range[1]
  }
  return ranges
}

export type Segment = { text: string; match: number | null }

/** The text cut at the ranges: plain pieces, and matched pieces numbered in order. */
export function segmentText(text: string, ranges: readonly TextRange[]): Segment[] {
  const segments: Segment[] = []
  let at = 0
  ranges.forEach(([start, end], index) => {
    if (start < at || end <= start) return
    if (start > at) segments.push({ text: text.slice(at, start), match: null })
    segments.push({ text: text.slice(start, end), match: index })
    at = end
  })
  if (at < text.length) segments.push({ text: text.slice(at), match: null })
  return segments
}

/**
 * Where the typed words start words of the text, for highlighting contact names and addresses
 * the way contact search matched them ("car" marks "Car" in "Carter", not in "Oscar").
 */
export function findWordStarts(text: string, query: string): TextRange[] {
  const words = query.split(/[\s@.,;:()+\-/]+/).filter((word) => word !== '')
  const ranges = words.flatMap((word) =>
    findInText(text, word).filter(([start]) => start === 0 || !/[\p{L}\p{N}]/u.test(text[start - 1]!))
  )
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: TextRange[] = []
  for (const range of ranges) {
    const last = merged.at(-1)
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1])
    else merged.push([...range])
  }
  return merged
}
