// UI state of the outbox: the message the undo toast is about, and whether the Outbox list is open.
import { create } from 'zustand'

/** What the toast offers to undo; `restore` puts the draft back where it was written. */
export type Undoable = {
  id: number
  sendAt: string
  subject: string
  restore: (() => void) | null
  /** The core's warning about the send (a Gmail-like account near its daily limit); keeps the toast up. */
  warning: string | null
}

type OutboxUiState = {
  undoable: Undoable | null
  outboxOpen: boolean
  setUndoable: (undoable: Undoable | null) => void
  setOutboxOpen: (open: boolean) => void
}

export const useOutboxStore = create<OutboxUiState>()((set) => ({
  undoable: null,
  outboxOpen: false,
  setUndoable: (undoable) => set({ undoable }),
  setOutboxOpen: (open) => set({ outboxOpen: open })
}))
