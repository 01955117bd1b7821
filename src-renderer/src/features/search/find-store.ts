// UI state of "find in this conversation": what is typed, which match is active, and how many
// matches each message body found (the bodies count them, since only they know what they show).
import { create } from 'zustand'

type FindState = {
  threadId: number | null
  query: string
  /** Index of the active match across the whole conversation, from 0. */
  active: number
  /** Message ids in the order they are shown. */
  order: number[]
  counts: Record<number, number>

  /** A conversation was opened: start empty, or with the words a search result was found by. */
  start: (threadId: number, query?: string) => void
  setOrder: (order: number[]) => void
  setQuery: (query: string) => void
  reportCount: (messageId: number, count: number) => void
  step: (delta: 1 | -1) => void
}

export const useFindStore = create<FindState>()((set) => ({
  threadId: null,
  query: '',
  active: 0,
  order: [],
  counts: {},

  start: (threadId, query = '') => set({ threadId, query, active: 0, counts: {} }),
  setOrder: (order) => set({ order }),
  setQuery: (query) => set({ query, active: 0 }),
  reportCount: (messageId, count) =>
    set((state) =>
      state.counts[messageId] === count ? state : { counts: { ...state.counts, [messageId]: count } }
    ),
  step: (delta) =>
    set((state) => {
      const total = totalMatches(state)
      return total === 0 ? state : { active: (state.active + delta + total) % total }
    })
}))

export function totalMatches(state: Pick<FindState, 'order' | 'counts'>): number {
  return state.order.reduce((sum, id) => sum + (state.counts[id] ?? 0), 0)
}

/** The active match as (message, index within that message), or null when there is none. */
export function activeLocation(
  state: Pick<FindState, 'order' | 'counts' | 'active'>
): { messageId: number; index: number } | null {
  let rest = state.active
  for (const messageId of state.order) {
    const count = state.counts[messageId] ?? 0
    if (rest < count) return { messageId, index: rest }
    rest -= count
  }
  return null
}

/** For a message body: the find text, and which of its own matches is active (null: none). */
export function useFindInMessage(messageId: number): { query: string; active: number | null } {
  const query = useFindStore((state) => state.query)
  const active = useFindStore((state) => {
    const location = activeLocation(state)
    return location?.messageId === messageId ? location.index : null
  })
  return { query, active }
}
