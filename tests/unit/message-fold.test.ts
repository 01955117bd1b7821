// The conversation pane's one-line messages and its "N older messages" row (message-fold.ts).
import { describe, expect, it } from 'vitest'
import type { MessageDetail, TimelineEntry } from '../../src-preload/contract'
import { foldRows, type PaneRow } from '../../src-renderer/src/features/conversation-thread/message-fold'
import { interleave } from '../../src-renderer/src/features/conversation-thread/timeline-items'

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString()
const message = (id: number) => ({ id, date: at(id * 2) }) as MessageDetail
const entry = (id: string, minute: number, kind: 'event' | 'comment'): TimelineEntry =>
  ({ kind, id, at: at(minute), type: 'assigned', data: {}, actor: { kind: 'user', id: null } }) as never

/** "1" open, "(2)" one line, "[3-9]" folded, "e" an event, "c" a comment. */
function show(rows: PaneRow[]): string {
  return rows
    .map((row) => {
      if (row.kind === 'older') return `[${row.messageIds[0]}-${row.messageIds.at(-1)}]`
      if (row.kind === 'entry') return row.item.entry.kind === 'event' ? 'e' : 'c'
      return row.expanded ? `${row.item.message.id}` : `(${row.item.message.id})`
    })
    .join(' ')
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => message(i + 1))
const openFrom = (first: number) => ({ expanded: (id: number) => id >= first, foldable: () => true })

describe('folding a long conversation', () => {
  it('keeps the first and the last one-line message and folds those between', () => {
    expect(show(foldRows(interleave(ids(10), []), openFrom(10)))).toBe('(1) [2-8] (9) 10')
  })

  it('folds only more than four in a row', () => {
    expect(show(foldRows(interleave(ids(6), []), openFrom(6)))).toBe('(1) (2) (3) (4) (5) 6')
    expect(show(foldRows(interleave(ids(7), []), openFrom(7)))).toBe('(1) (2) (3) (4) (5) (6) 7')
    expect(show(foldRows(interleave(ids(8), []), openFrom(8)))).toBe('(1) [2-6] (7) 8')
  })

  it('shows a lone one-line message once, and an all-open conversation as it is', () => {
    expect(show(foldRows(interleave(ids(2), []), openFrom(2)))).toBe('(1) 2')
    expect(show(foldRows(interleave(ids(3), []), openFrom(1)))).toBe('1 2 3')
  })

  it('folds events with the messages around them, but a comment ends the run', () => {
    const events = [entry('a', 7, 'event'), entry('b', 11, 'event')]
    expect(show(foldRows(interleave(ids(10), events), openFrom(10)))).toBe('(1) [2-8] (9) 10')
    const comment = [entry('c', 9, 'comment')]
    expect(show(foldRows(interleave(ids(12), comment), openFrom(12)))).toBe(
      '(1) (2) (3) (4) c [5-10] (11) 12'
    )
  })

  it('keeps a message the user opened or closed, or revealed, out of the fold', () => {
    // Message 6 splits the run into two of four: neither folds.
    const input = { expanded: (id: number) => id >= 12, foldable: (id: number) => id !== 6 }
    expect(show(foldRows(interleave(ids(12), []), input))).toBe(
      '(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) 12'
    )
  })

  it('folds each long run between open messages', () => {
    const input = { expanded: (id: number) => id === 8 || id === 16, foldable: () => true }
    expect(show(foldRows(interleave(ids(16), []), input))).toBe('(1) [2-6] (7) 8 [9-14] (15) 16')
  })
})
