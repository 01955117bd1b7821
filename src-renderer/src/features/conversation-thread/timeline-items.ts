// Pure helpers for the conversation pane: messages and timeline entries on one time line, and
// the @-mention being typed in a comment.
import type { MessageDetail, TimelineEntry } from '../../../../src-preload/contract'

export type PaneItem =
  | { kind: 'message'; key: string; at: number; message: MessageDetail }
  | { kind: 'entry'; key: string; at: number; entry: TimelineEntry }

/** Oldest first; at the same instant a message goes before the events it caused. */
export function interleave(
  messages: readonly MessageDetail[],
  entries: readonly TimelineEntry[]
): PaneItem[] {
  const items: PaneItem[] = [
    ...messages.map((message) => ({
      kind: 'message' as const,
      key: `m${message.id}`,
      at: Date.parse(message.date),
      message
    })),
    ...entries.map((entry) => ({
      kind: 'entry' as const,
      key: `e${entry.id}`,
      at: Date.parse(entry.at),
      entry
    }))
  ]
  const rank = (item: PaneItem) => (item.kind === 'message' ? 0 : 1)
  return items.sort((a, b) => a.at - b.at || rank(a) - rank(b))
}

/**
 * Chinese and Japanese are written without spaces: "@" follows a character at once ("请@王芳"), and
 * the words go on right after the name ("@王芳请看"). Their characters bound a mention as a space does.
 */
const SPACELESS = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u

/**
 * Where an "@" may start a mention: the start, a space, an opening bracket or quote, a Chinese or
 * Japanese character or their punctuation ("好的，@王芳"). Not inside an address or a link
 * ("bob@shop.test", "medium.com/@acme"), where Enter would otherwise turn it into a member's name.
 */
const MENTION_START = new RegExp(
  `(^|[\\s\\p{Ps}\\p{Pi}\\u3000-\\u303f\\uff00-\\uffef]|${SPACELESS.source})@([^\\s@]*)$`,
  'u'
)

/** The "@partial" word that ends at the caret, if any: what the autocomplete completes. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const match = MENTION_START.exec(before)
  if (!match) return null
  return { start: caret - match[2]!.length - 1, query: match[2]! }
}

/** Replaces the "@partial" at the caret with "@Name " and returns the new text and caret. */
export function completeMention(
  text: string,
  caret: number,
  name: string
): { text: string; caret: number } | null {
  const at = mentionAtCaret(text, caret)
  if (!at) return null
  const inserted = `@${name} `
  return { text: text.slice(0, at.start) + inserted + text.slice(caret), caret: at.start + inserted.length }
}

type Mentionable = { id: string; name: string; email: string }

/** Lower case without accents, so "jose" finds "José Núñez". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()
}

/** Whether a member is offered for what was typed after the "@" (name or email, any accents). */
export function matchesMention(member: { name: string; email: string }, query: string): boolean {
  return fold(`${member.name} ${member.email}`).includes(fold(query))
}

/**
 * How a picked member is written after the "@": their name, or their email when they have no
 * name or another member shares it (two "Dewi"s could not be told apart in the text).
 */
export function mentionText(member: Mentionable, members: readonly Mentionable[]): string {
  const name = member.name.trim()
  if (!name) return member.email
  const key = name.toLocaleLowerCase()
  const shared = members.some((m) => m.id !== member.id && m.name.trim().toLocaleLowerCase() === key)
  return shared ? member.email : name
}

/**
 * The picked members whose "@text" is still in the comment. Longer texts are looked for first
 * and each one found is cut out of a working copy, so a deleted "@Dewi" is not found again
 * inside "@Dewi Lestari"; a match must also end at a word boundary ("@Ana" is not in "@Anabel"),
 * which a Chinese or Japanese character is ("@王芳请看").
 */
export function stillMentioned<T extends { id: string }>(
  body: string,
  picked: readonly { member: T; text: string }[]
): T[] {
  let rest = body
  const found = new Set<string>()
  const longestFirst = [...picked].sort((a, b) => b.text.length - a.text.length)
  for (const { member, text } of longestFirst) {
    const needle = `@${text}`
    let from = 0
    for (;;) {
      const at = rest.indexOf(needle, from)
      if (at < 0) break
      const end = at + needle.length
      if (end < rest.length && /[\p{L}\p{N}_]/u.test(rest[end]!) && !SPACELESS.test(rest[end]!)) {
        from = end
        continue
      }
      found.add(member.id)
      rest = rest.slice(0, at) + ' '.repeat(needle.length) + rest.slice(end)
      from = end
    }
  }
  return picked.filter((p) => found.has(p.member.id)).map((p) => p.member)
}
