// UI state of the CRM inbox: which inbox, filter and sort the list shows, which conversation
// is selected or open, and which drawer, panel or menu is showing. Server data never lives here.
import { create } from 'zustand'
import type { InboxRef, Member } from '../../../src-preload/contract'
import { withCommentMerge, withoutSent } from './comment-draft-merge'
import { useUiStore } from './ui-store'

export type StatusFilter = 'all' | 'open' | 'closed' | 'snoozed'
export type SortOrder = 'newest' | 'oldest' | 'longest' | 'shortest'
export type Panel = 'notifications' | 'settings' | null
/** A snooze or assign menu, opened from a row, the thread header or a shortcut. */
export type ActionMenu = {
  kind: 'snooze' | 'assign'
  conversationId: string
  /** Where it was opened, so it shows next to that place. */
  source: 'list' | 'thread'
} | null

/** An internal comment being written: its text and the members picked from the @ list. */
export type CommentDraft = { text: string; picked: ReadonlyArray<{ member: Member; text: string }> }

type CrmState = {
  inbox: InboxRef
  status: StatusFilter
  sort: SortOrder
  unreplied: boolean
  /** The keyboard/click cursor in the conversation list, and its thread. */
  selectedConversationId: string | null
  selectedThreadId: number | null
  /** The contact whose drawer is open. */
  contactId: string | null
  panel: Panel
  menu: ActionMenu
  /**
   * Set by the "c" shortcut to the thread whose comment box should open and take focus; the
   * reading pane of that thread reads it (also when it mounts later) and clears it.
   */
  pendingComment: number | null
  /**
   * The comment being written per conversation, so switching to the Reply tab or to another
   * conversation loses nothing of it (as replies are kept in the UI store). Keyed by the
   * conversation's thread, as replies are: a merge of two threads then says at once where each
   * comment goes, whether or not its conversation is on screen.
   */
  commentDrafts: Record<number, CommentDraft>
  /** Threads merged away since the workspace opened, to the one each went into. */
  mergedThreads: Record<number, number>

  setInbox: (inbox: InboxRef) => void
  setStatus: (status: StatusFilter) => void
  setSort: (sort: SortOrder) => void
  setUnreplied: (unreplied: boolean) => void
  selectConversation: (id: string, threadId: number) => void
  /** Shows it in the reading pane, which follows the UI store's open thread (search opens threads too). */
  openConversation: (id: string, threadId: number) => void
  openContact: (contactId: string | null) => void
  setPanel: (panel: Panel) => void
  setMenu: (menu: ActionMenu) => void
  focusComment: (threadId: number) => void
  clearPendingComment: () => void
  updateCommentDraft: (threadId: number, draft: CommentDraft) => void
  /** Thread `from` was merged into `to`: its comment joins the one written there. */
  mergeCommentDrafts: (from: number, to: number) => void
  /**
   * A comment written on `threadId` was stored: its text leaves the draft, wherever a merge since
   * took it, and only its text (what a merge joined to it stays).
   */
  commentSent: (threadId: number, text: string) => void
  reset: () => void
}

const initial = {
  inbox: 'all' as InboxRef,
  status: 'all' as StatusFilter,
  sort: 'newest' as SortOrder,
  unreplied: false,
  selectedConversationId: null,
  selectedThreadId: null,
  contactId: null,
  panel: null,
  menu: null,
  pendingComment: null as number | null,
  commentDrafts: {} as Record<number, CommentDraft>,
  mergedThreads: {} as Record<number, number>
}

export const useCrmStore = create<CrmState>()((set) => ({
  ...initial,
  setInbox: (inbox) => set({ inbox, selectedConversationId: null, selectedThreadId: null }),
  setStatus: (status) => set({ status }),
  setSort: (sort) => set({ sort }),
  setUnreplied: (unreplied) => set({ unreplied }),
  selectConversation: (id, threadId) => set({ selectedConversationId: id, selectedThreadId: threadId }),
  openConversation: (id, threadId) => {
    // A "c" request for another thread is stale once the user opens something else.
    set({ selectedConversationId: id, selectedThreadId: threadId, menu: null, pendingComment: null })
    useUiStore.getState().openThread(threadId)
  },
  openContact: (contactId) => set({ contactId }),
  setPanel: (panel) => set((state) => ({ panel: state.panel === panel ? null : panel })),
  setMenu: (menu) => set({ menu }),
  focusComment: (threadId) => set({ pendingComment: threadId }),
  clearPendingComment: () => set({ pendingComment: null }),
  updateCommentDraft: (threadId, draft) =>
    set((state) => {
      const commentDrafts = { ...state.commentDrafts }
      if (draft.text === '' && draft.picked.length === 0) delete commentDrafts[threadId]
      else commentDrafts[threadId] = draft
      return { commentDrafts }
    }),
  mergeCommentDrafts: (from, to) =>
    set((state) => ({
      commentDrafts: withCommentMerge(state.commentDrafts, from, to),
      mergedThreads: { ...state.mergedThreads, [from]: to }
    })),
  commentSent: (threadId, text) =>
    set((state) => {
      let where = threadId
      for (let hops = 0; state.mergedThreads[where] !== undefined && hops < 1000; hops++)
        where = state.mergedThreads[where]!
      const draft = state.commentDrafts[where]
      if (!draft) return {}
      const next = withoutSent(draft, text)
      if (next === draft) return {}
      const commentDrafts = { ...state.commentDrafts }
      if (next.text === '' && next.picked.length === 0) delete commentDrafts[where]
      else commentDrafts[where] = next
      return { commentDrafts }
    }),
  /** After a workspace switch ids from the old database mean nothing. */
  reset: () => set(initial)
}))

/** Stable string for an inbox reference, for keys and comparisons. */
export function inboxRefKey(inbox: InboxRef): string {
  if (typeof inbox === 'string') return inbox
  if ('account' in inbox) return `account:${inbox.account}`
  return 'team' in inbox ? `team:${inbox.team}` : `custom:${inbox.custom}`
}
