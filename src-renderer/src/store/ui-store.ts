// UI state only: what is selected, open or being typed. Server data never lives here; it is
// read through query hooks so it cannot go stale.
import { create } from 'zustand'

export type NewMessageDraft = { accountId: number | null; to: string; subject: string; text: string }

const emptyNewMessage: NewMessageDraft = { accountId: null, to: '', subject: '', text: '' }

type UiState = {
  /** The keyboard/click cursor in the thread list. */
  selectedThreadId: number | null
  /** The thread shown in the reading pane. */
  openThreadId: number | null
  composerOpen: boolean
  newMessage: NewMessageDraft
  /** Reply text per thread, so switching threads does not lose what was typed. */
  replyDrafts: Record<number, string>
  /** Messages whose remote images the user chose to load. */
  remoteImagesAllowed: Record<number, true>

  selectThread: (threadId: number | null) => void
  openThread: (threadId: number | null) => void
  setComposerOpen: (open: boolean) => void
  updateNewMessage: (patch: Partial<NewMessageDraft>) => void
  clearNewMessage: () => void
  setReplyDraft: (threadId: number, text: string) => void
  allowRemoteImages: (messageId: number) => void
  /** After a workspace switch ids from the old database mean nothing. */
  resetSelection: () => void
}

export const useUiStore = create<UiState>()((set) => ({
  selectedThreadId: null,
  openThreadId: null,
  composerOpen: false,
  newMessage: emptyNewMessage,
  replyDrafts: {},
  remoteImagesAllowed: {},

  selectThread: (threadId) => set({ selectedThreadId: threadId }),
  openThread: (threadId) => set({ openThreadId: threadId, selectedThreadId: threadId }),
  setComposerOpen: (open) => set({ composerOpen: open }),
  updateNewMessage: (patch) => set((state) => ({ newMessage: { ...state.newMessage, ...patch } })),
  clearNewMessage: () => set({ newMessage: emptyNewMessage }),
  setReplyDraft: (threadId, text) =>
    set((state) => ({ replyDrafts: { ...state.replyDrafts, [threadId]: text } })),
  allowRemoteImages: (messageId) =>
    set((state) => ({ remoteImagesAllowed: { ...state.remoteImagesAllowed, [messageId]: true } })),
  resetSelection: () =>
    set({
      selectedThreadId: null,
      openThreadId: null,
      replyDrafts: {},
      remoteImagesAllowed: {},
      composerOpen: false
    })
}))
