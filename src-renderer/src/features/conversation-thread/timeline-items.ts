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
 * The "@partial" word that ends at the caret, if any: what the autocomplete completes.
 * An @ only starts a mention at the start or after whitespace, so emails do not trigger it.
 */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const match = /(^|\s)@([^\s@]*)$/.exec(before)
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
