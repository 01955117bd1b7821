// The open conversation's one-line and full messages. What was unread and which message was the
// newest are taken when the conversation opens, before it is marked read, so marking it read (or
// the user's "Mark unread") opens or closes nothing; mail arriving while it is open shows in
// full; what the user opened or closed stays so while the thread is read again on `changed`; a
// message with a find-in-conversation match is open while the find is on.
import { useCallback, useMemo, useState } from 'react'
import type { MessageDetail } from '../../../../src-preload/contract'
import { foldNeedle, isFindable } from '../search/find-in-text'
import { useFindStore } from '../search/find-store'

type Opened = { unread: ReadonlySet<number>; known: ReadonlySet<number>; newest: number | null }

export type MessageFold = {
  /** The conversation as it was when opened; null until its messages are first read. */
  opened: Opened | null
  expanded: (messageId: number) => boolean
  foldable: (messageId: number) => boolean
  toggle: (messageId: number) => void
  reveal: (messageIds: readonly number[]) => void
}

const NONE: ReadonlyMap<number, boolean> = new Map()
const NO_IDS: ReadonlySet<number> = new Set()

/** @param messages oldest first; undefined until the thread is first read. */
export function useMessageFold(messages: readonly MessageDetail[] | undefined): MessageFold {
  const [opened, setOpened] = useState<Opened | null>(null)
  if (opened === null && messages !== undefined) {
    // Set while rendering (React's way to derive state from a first value): no frame shows the
    // conversation all open before it folds.
    setOpened({
      unread: new Set(messages.filter((m) => m.unread).map((m) => m.id)),
      known: new Set(messages.map((m) => m.id)),
      newest: messages.at(-1)?.id ?? null
    })
  }
  const [overrides, setOverrides] = useState(NONE)
  const [revealed, setRevealed] = useState(NO_IDS)
  // Primitive, so the selector does not return a new value on every store change.
  const matchedKey = useFindStore((state) => {
    if (!isFindable(foldNeedle(state.query))) return ''
    return Object.entries(state.counts)
      .filter(([, count]) => count > 0)
      .map(([id]) => id)
      .join(',')
  })
  const matched = useMemo(
    () => new Set(matchedKey === '' ? [] : matchedKey.split(',').map(Number)),
    [matchedKey]
  )

  const expanded = useCallback(
    (id: number) => {
      if (matched.has(id)) return true
      const chosen = overrides.get(id)
      if (chosen !== undefined) return chosen
      if (!opened) return true
      return opened.unread.has(id) || id === opened.newest || !opened.known.has(id)
    },
    [matched, overrides, opened]
  )
  const foldable = useCallback((id: number) => !overrides.has(id) && !revealed.has(id), [overrides, revealed])
  const toggle = useCallback(
    (id: number) => setOverrides((previous) => new Map(previous).set(id, !expanded(id))),
    [expanded]
  )
  const reveal = useCallback(
    (ids: readonly number[]) => setRevealed((previous) => new Set([...previous, ...ids])),
    []
  )
  return { opened, expanded, foldable, toggle, reveal }
}
