// Which messages of the open conversation are shown in full and which as one line, and where a
// long run of one-line messages is folded into a single "N older messages" row (as Gmail and
// Mailspring do). Pure, so it is unit-tested; the state it reads is kept by use-message-fold.ts.
import type { PaneItem } from './timeline-items'

/** More than this many one-line messages in a row, between the first and the last of the run, fold. */
export const FOLD_AFTER = 4

export type PaneRow =
  | { kind: 'message'; key: string; item: Extract<PaneItem, { kind: 'message' }>; expanded: boolean }
  | { kind: 'entry'; key: string; item: Extract<PaneItem, { kind: 'entry' }> }
  | { kind: 'older'; key: string; messageIds: number[] }

export type FoldInput = {
  /** Whether a message shows in full. */
  expanded: (messageId: number) => boolean
  /** Whether a one-line message may be folded away (not one the user opened or closed). */
  foldable: (messageId: number) => boolean
}

/**
 * The pane's rows. A run of one-line messages (events between them fold with them; a comment
 * ends the run) keeps its first message when it starts the conversation and always its last
 * one; the foldable ones between fold into one row when there are more than FOLD_AFTER.
 */
export function foldRows(items: readonly PaneItem[], { expanded, foldable }: FoldInput): PaneRow[] {
  const rows: PaneRow[] = items.map((item) =>
    item.kind === 'message'
      ? { kind: 'message', key: item.key, item, expanded: expanded(item.message.id) }
      : { kind: 'entry', key: item.key, item }
  )
  const firstMessageOfConversation = rows.findIndex((r) => r.kind === 'message')
  const out: PaneRow[] = []
  let at = 0
  while (at < rows.length) {
    const row = rows[at]!
    if (row.kind !== 'message' || row.expanded) {
      out.push(row)
      at++
      continue
    }
    // A run: one-line messages, and the events between them.
    let end = at
    let lastMessage = at
    while (end < rows.length) {
      const next = rows[end]!
      if (next.kind === 'message' && next.expanded) break
      if (next.kind === 'entry' && next.item.entry.kind !== 'event') break
      if (next.kind === 'message') lastMessage = end
      end++
    }
    const run = rows.slice(at, lastMessage + 1)
    const keepFirst = at === firstMessageOfConversation ? 1 : 0
    if (run.length <= keepFirst + 1) out.push(...run)
    else
      out.push(...run.slice(0, keepFirst), ...foldStretches(run.slice(keepFirst, -1), foldable), run.at(-1)!)
    at = lastMessage + 1
  }
  return out
}

/** Consecutive foldable messages (with the events between them) fold when there are enough. */
function foldStretches(rows: readonly PaneRow[], foldable: (messageId: number) => boolean): PaneRow[] {
  const out: PaneRow[] = []
  let stretch: PaneRow[] = []
  const flush = () => {
    const messageIds = stretch.flatMap((r) => (r.kind === 'message' ? [r.item.message.id] : []))
    if (messageIds.length > FOLD_AFTER) out.push({ kind: 'older', key: `older-${messageIds[0]}`, messageIds })
    else out.push(...stretch)
    stretch = []
  }
  for (const row of rows) {
    if (row.kind === 'message' && !foldable(row.item.message.id)) {
      flush()
      out.push(row)
    } else {
      stretch.push(row)
    }
  }
  flush()
  return out
}
