// UI state only: what is selected, open or being typed. Server data never lives here; it is
// read through query hooks so it cannot go stale.
import { create } from 'zustand'

/**
 * What goes with a message besides its text: the picked files (File handles; their bytes are only
 * read, as base64, while sending) and the Send later time (a datetime-local value, '' for now).
 */
type Extras = { files: readonly File[]; later: string }

export type NewMessageDraft = Extras & { accountId: number | null; to: string; subject: string; text: string }
export type ReplyDraft = Extras & { text: string }

const emptyNewMessage: NewMessageDraft = {
  accountId: null,
  to: '',
  subject: '',
  text: '',
  files: [],
  later: ''
}
export const emptyReply: ReplyDraft = { text: '', files: [], later: '' }

type UiState = {
  /** The keyboard/click cursor in the thread list. */
  selectedThreadId: number | null
  /** The thread shown in the reading pane. */
  openThreadId: number | null
  composerOpen: boolean
  newMessage: NewMessageDraft
  /** The reply per thread, so switching threads (or to the Comment tab) loses nothing of it. */
  replyDrafts: Record<number, ReplyDraft>
  /** Messages whose remote images the user chose to load. */
  remoteImagesAllowed: Record<number, true>

  selectThread: (threadId: number | null) => void
  openThread: (threadId: number | null) => void
  setComposerOpen: (open: boolean) => void
  updateNewMessage: (patch: Partial<NewMessageDraft>) => void
  /** Empties the new message once `sent` went, unless it was changed since (`sent` is what went). */
  clearNewMessage: (sent: NewMessageDraft) => void
  updateReplyDraft: (threadId: number, patch: Partial<ReplyDraft>) => void
  /** Drops a thread's reply once `sent` went, unless it was changed since. */
  clearReplyDraft: (threadId: number, sent: ReplyDraft) => void
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
  clearNewMessage: (sent) =>
    set((state) => (state.newMessage === sent ? { newMessage: emptyNewMessage } : {})),
  updateReplyDraft: (threadId, patch) =>
    set((state) => ({
      replyDrafts: {
        ...state.replyDrafts,
        [threadId]: { ...(state.replyDrafts[threadId] ?? emptyReply), ...patch }
      }
    })),
  clearReplyDraft: (threadId, sent) =>
    set((state) => {
      if (state.replyDrafts[threadId] !== sent) return {}
      const replyDrafts = { ...state.replyDrafts }
      delete replyDrafts[threadId]
      return { replyDrafts }
    }),
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
