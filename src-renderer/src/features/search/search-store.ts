// UI state of the global search bar: what is typed, whether its panel is open, and the tab.
// Results themselves come from the contract.
import { create } from 'zustand'
import type { SearchKind } from '../../../../src-preload/contract'

type SearchUiState = {
  text: string
  open: boolean
  tab: SearchKind

  setText: (text: string) => void
  setOpen: (open: boolean) => void
  setTab: (tab: SearchKind) => void
  /** The other workspace is shown: what was typed for this one goes. */
  reset: () => void
}

export const useSearchStore = create<SearchUiState>()((set) => ({
  text: '',
  open: false,
  tab: 'messages',

  setText: (text) => set({ text, open: true }),
  setOpen: (open) => set({ open }),
  setTab: (tab) => set({ tab }),
  reset: () => set({ text: '', open: false, tab: 'messages' })
}))

/**
 * The first plain term of a search (a word or a "quoted phrase", not an operator or a negation),
 * to carry into "find in this conversation" when a result is opened; '' when there is none.
 */
export function findTextOf(query: string): string {
  const terms = query.match(/-?"[^"]*"?|\S+/g) ?? []
  const plain = terms.find((term) => !term.startsWith('-') && !/^[a-z]+:/i.test(term))
  return plain ? plain.replace(/^"|"$/g, '') : ''
}
