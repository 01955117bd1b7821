// UI state only: what is selected, open or being typed. Server data never lives here; it is
// read through query hooks so it cannot go stale.
import { create } from 'zustand'
import type { ServerCopy, ThreadsMerged } from '../../../src-preload/contract'
import { writtenText } from '../../../src-preload/contract/signature'
import {
  discardedAfterMerge,
  discardingNewMessage,
  discardingReply,
  type DiscardedDraft
} from './draft-discard'
import { withMerge, type AsideIds } from './draft-merge'
import { withCore, type FromCore } from './drafts-from-core'

/**
 * What goes with a message besides its text: the picked files (File handles; their bytes are only
 * read, as base64, while sending), the Send later time (a datetime-local value, '' for now), the
 * copies of another program's draft this text continues (drafts.save names them), and the
 * signature put at the end of the text when it was begun ('' for a mailbox without one, or for a
 * mailto link's message whose From is not known yet; absent when none was put in, as in a draft
 * continued: contract/signature.ts).
 */
type Extras = { files: readonly File[]; later: string; continues?: readonly ServerCopy[]; signature?: string }

/** `cc` and `bcc` as typed, like `to`; their fields show once they hold something (or on demand). */
export type NewMessageDraft = Extras & {
  accountId: number | null
  to: string
  cc: string
  bcc: string
  subject: string
  text: string
}
/**
 * `to`, `cc` and `bcc`: the reply's own recipients, as typed, kept by a reply begun in another
 * program with recipients of its own (server-drafts.ts), or chosen by Reply or Reply all on one
 * message (`chosen`); all three absent or blank, the reply box chooses them (hasOwnRecipients).
 * `answering`: the id of the earlier message Reply or Reply all was on, which the reply answers
 * (its In-Reply-To and subject); absent, or once that message is gone, the newest. Both are kept
 * with the draft (drafts.save), so a reply kept across a restart still answers that message.
 */
export type ReplyDraft = Extras & {
  text: string
  to?: string
  cc?: string
  bcc?: string
  chosen?: boolean
  answering?: number
}

export const emptyNewMessage: NewMessageDraft = {
  accountId: null,
  to: '',
  cc: '',
  bcc: '',
  subject: '',
  text: '',
  files: [],
  later: ''
}
export const emptyReply: ReplyDraft = { text: '', files: [], later: '' }

/**
 * A draft Undo brought back while another was being written in its place: it waits beside that
 * one (shown in the composer with Open and Discard) instead of writing over it.
 */
export type AsideDraft =
  | { id: number; kind: 'new'; draft: NewMessageDraft }
  | { id: number; kind: 'reply'; threadId: number; draft: ReplyDraft }

/**
 * Nothing typed or attached: a draft Undo may fill without losing anything. Recipients Reply or
 * Reply all chose are not typed: a reply with nothing else is neither kept nor set aside. Nor is
 * the signature put in when it was begun, as long as it is untouched.
 */
export function isBlank(draft: (Partial<NewMessageDraft> & { chosen?: boolean }) | undefined): boolean {
  if (!draft) return true
  const text = writtenText(draft.text ?? '', draft.signature)
  const fields = draft.chosen ? [draft.subject, text] : [draft.to, draft.cc, draft.bcc, draft.subject, text]
  const typed = fields.some((value) => !!value?.trim())
  return !typed && (draft.files?.length ?? 0) === 0
}

/** The same message as written, with nothing attached and nothing of another program's it continues. */
function sameMessage(a: NewMessageDraft, b: NewMessageDraft): boolean {
  const bare = (draft: NewMessageDraft) => draft.files.length === 0 && !draft.continues?.length
  return (
    bare(a) &&
    bare(b) &&
    a.accountId === b.accountId &&
    a.to === b.to &&
    // A Bcc typed in (or a Cc taken out) is the user's: not the message the link filled.
    a.cc === b.cc &&
    a.bcc === b.bcc &&
    a.subject === b.subject &&
    // The From's signature New message put in since is not the user's.
    writtenText(a.text, a.signature).trimEnd() === writtenText(b.text, b.signature).trimEnd() &&
    a.later === b.later
  )
}

/** What the core kept of the drafts, as loadDrafts puts it back. */
export type KeptDrafts = {
  newMessage: NewMessageDraft | null
  replies: ReadonlyArray<{ threadId: number; draft: ReplyDraft }>
  asides: readonly AsideDraft[]
}

let nextAsideId = 1
let nextDiscardId = 1

const asideIds: AsideIds = {
  next: () => nextAsideId++,
  taken: (id) => {
    nextAsideId = Math.max(nextAsideId, id + 1)
  }
}

const noDrafts: DraftState = { newMessage: emptyNewMessage, replyDrafts: {}, asideDrafts: [] }

/** The drafts part of the store. */
export type DraftState = Pick<UiState, 'newMessage' | 'replyDrafts' | 'asideDrafts'>

/** The new message becomes `draft` if blank, else `draft` waits beside it: nothing is written over. */
function withNewMessage(state: DraftState, draft: NewMessageDraft): Partial<DraftState> {
  return isBlank(state.newMessage)
    ? { newMessage: draft }
    : { asideDrafts: [...state.asideDrafts, { id: nextAsideId++, kind: 'new', draft }] }
}

/** The same for a thread's reply. */
function withReply(state: DraftState, threadId: number, draft: ReplyDraft): Partial<DraftState> {
  return isBlank(state.replyDrafts[threadId])
    ? { replyDrafts: { ...state.replyDrafts, [threadId]: draft } }
    : { asideDrafts: [...state.asideDrafts, { id: nextAsideId++, kind: 'reply', threadId, draft }] }
}

/**
 * Kept drafts joined to those in the store, by the rules of Undo: each goes where it was unless
 * something is being written there, and then beside it. A kept aside keeps its number unless the
 * store uses it already.
 */
function withKept(state: DraftState, kept: KeptDrafts): DraftState {
  let next: DraftState = { ...state }
  if (kept.newMessage) next = { ...next, ...withNewMessage(next, kept.newMessage) }
  for (const { threadId, draft } of kept.replies) next = { ...next, ...withReply(next, threadId, draft) }
  const taken = new Set(next.asideDrafts.map((entry) => entry.id))
  for (const aside of kept.asides) {
    const id = taken.has(aside.id) ? nextAsideId++ : aside.id
    taken.add(id)
    nextAsideId = Math.max(nextAsideId, id + 1)
    next = { ...next, asideDrafts: [...next.asideDrafts, { ...aside, id }] }
  }
  return next
}

type UiState = {
  /** The keyboard/click cursor in the thread list. */
  selectedThreadId: number | null
  /** The thread shown in the reading pane. */
  openThreadId: number | null
  /**
   * The thread whose reply box should take focus once it shows (a reply continued from another
   * program's draft, whose conversation may not have mounted yet); that box clears it.
   */
  pendingReply: number | null
  composerOpen: boolean
  newMessage: NewMessageDraft
  /** The reply per thread, so switching threads (or to the Comment tab) loses nothing of it. */
  replyDrafts: Record<number, ReplyDraft>
  /** Undone drafts that found another being written where they belong, oldest first. */
  asideDrafts: AsideDraft[]
  /** Messages whose remote images the user chose to load. */
  remoteImagesAllowed: Record<number, true>
  /** The drafts the core kept are in: until then no composer opens, so none is written over. */
  draftsReady: boolean
  /** Places (placeKey) whose last save failed; the saver is trying again. */
  unsavedDrafts: readonly string[]
  /** The draft last stored in the core at each place (placeKey): still the one shown, it is safe. */
  savedDrafts: Readonly<Record<string, NewMessageDraft | ReplyDraft>>
  /** The draft Discard last threw away, while its notice offers Undo (draft-discard.ts). */
  discarded: DiscardedDraft | null

  selectThread: (threadId: number | null) => void
  openThread: (threadId: number | null) => void
  focusReply: (threadId: number) => void
  clearPendingReply: () => void
  setComposerOpen: (open: boolean) => void
  updateNewMessage: (patch: Partial<NewMessageDraft>) => void
  /** Empties the new message once `sent` went, unless it was changed since (`sent` is what went). */
  clearNewMessage: (sent: NewMessageDraft) => void
  updateReplyDraft: (threadId: number, patch: Partial<ReplyDraft>) => void
  /** Drops a thread's reply once `sent` went, unless it was changed since. */
  clearReplyDraft: (threadId: number, sent: ReplyDraft) => void
  /** Undo of a new message: back into the composer if it is blank, else set aside beside it. */
  restoreNewMessage: (draft: NewMessageDraft) => void
  /** Undo of a reply: back into the thread's reply box if it is blank, else set aside beside it. */
  restoreReply: (threadId: number, draft: ReplyDraft) => void
  /**
   * Opens New message on `draft` (a mailto link's): the one being written, unless blank, is set
   * aside beside it rather than written over.
   */
  startNewMessage: (draft: NewMessageDraft) => void
  /** Makes an aside draft the one being written; the one it replaces is set aside unless blank. */
  openAside: (id: number) => void
  discardAside: (id: number) => void
  /** Discard in New message: it is emptied, and what it held kept for Undo. */
  discardNewMessage: () => void
  /** Discard in a reply box: the thread's reply is dropped, and kept for Undo. */
  discardReply: (threadId: number) => void
  /**
   * The notice's Undo: the discarded draft back where it was, or beside what is being written
   * there now. Returns it (null when there is none any more), so the caller can show it.
   */
  undoDiscard: () => DiscardedDraft | null
  /** The notice of discard `id` went (its time is up, or it was closed): no Undo any more. */
  forgetDiscarded: (id: number) => void
  /** At start (and after a workspace switch): the kept drafts, beside any being written. */
  loadDrafts: (kept: KeptDrafts) => void
  /** Threads merged: their reply drafts move as the core moved its copies (draft-merge.ts). */
  followMerge: (merge: ThreadsMerged) => void
  /** Drafts another window saved or deleted: at their places, this window's unsaved text beside. */
  followCore: (found: readonly FromCore[]) => void
  /** A workspace switch: the drafts were the other workspace's. */
  clearDrafts: () => void
  allowRemoteImages: (messageId: number) => void
  /** After a workspace switch ids from the old database mean nothing (drafts: clearDrafts). */
  resetSelection: () => void
}

export const useUiStore = create<UiState>()((set, get) => ({
  selectedThreadId: null,
  openThreadId: null,
  pendingReply: null,
  composerOpen: false,
  newMessage: emptyNewMessage,
  replyDrafts: {},
  asideDrafts: [],
  remoteImagesAllowed: {},
  draftsReady: false,
  unsavedDrafts: [],
  savedDrafts: {},
  discarded: null,

  selectThread: (threadId) => set({ selectedThreadId: threadId }),
  // A reply box asked for in another thread is stale once the user opens something else.
  openThread: (threadId) =>
    set((state) => ({
      openThreadId: threadId,
      selectedThreadId: threadId,
      pendingReply: state.pendingReply === threadId ? threadId : null
    })),
  focusReply: (threadId) => set({ pendingReply: threadId }),
  clearPendingReply: () => set({ pendingReply: null }),
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
  restoreNewMessage: (draft) => set((state) => withNewMessage(state, draft)),
  restoreReply: (threadId, draft) => set((state) => withReply(state, threadId, draft)),
  startNewMessage: (draft) =>
    set((state) => ({
      newMessage: draft,
      // The same link followed again (a double-click is two) finds its own message untouched:
      // that is not a second one to keep.
      asideDrafts:
        isBlank(state.newMessage) || sameMessage(state.newMessage, draft)
          ? state.asideDrafts
          : [...state.asideDrafts, { id: nextAsideId++, kind: 'new', draft: state.newMessage }],
      composerOpen: true
    })),
  openAside: (id) =>
    set((state) => {
      const aside = state.asideDrafts.find((entry) => entry.id === id)
      if (!aside) return {}
      const others = state.asideDrafts.filter((entry) => entry.id !== id)
      if (aside.kind === 'new') {
        const current = state.newMessage
        return {
          newMessage: aside.draft,
          asideDrafts: isBlank(current)
            ? others
            : [...others, { id: nextAsideId++, kind: 'new', draft: current }]
        }
      }
      const current = state.replyDrafts[aside.threadId] ?? emptyReply
      return {
        replyDrafts: { ...state.replyDrafts, [aside.threadId]: aside.draft },
        asideDrafts: isBlank(current)
          ? others
          : [...others, { id: nextAsideId++, kind: 'reply', threadId: aside.threadId, draft: current }]
      }
    }),
  discardAside: (id) =>
    set((state) => ({ asideDrafts: state.asideDrafts.filter((entry) => entry.id !== id) })),
  discardNewMessage: () => set((state) => discardingNewMessage(state, nextDiscardId++)),
  discardReply: (threadId) => set((state) => discardingReply(state, threadId, nextDiscardId++)),
  undoDiscard: () => {
    const { discarded } = get()
    if (!discarded) return null
    set((state) => ({
      ...(discarded.kind === 'new'
        ? withNewMessage(state, discarded.draft)
        : withReply(state, discarded.threadId, discarded.draft)),
      discarded: null
    }))
    return discarded
  },
  forgetDiscarded: (id) => set((state) => (state.discarded?.id === id ? { discarded: null } : {})),
  loadDrafts: (kept) => set((state) => ({ ...withKept(state, kept), draftsReady: true })),
  followMerge: (merge) =>
    set((state) => ({
      ...withMerge(state, merge, asideIds),
      discarded: discardedAfterMerge(state.discarded, merge)
    })),
  followCore: (found) => set((state) => withCore(state, found, asideIds)),
  // A draft discarded in the workspace left behind does not come back in this one.
  clearDrafts: () => set({ ...noDrafts, discarded: null, draftsReady: false }),
  allowRemoteImages: (messageId) =>
    set((state) => ({ remoteImagesAllowed: { ...state.remoteImagesAllowed, [messageId]: true } })),
  resetSelection: () =>
    set({
      selectedThreadId: null,
      openThreadId: null,
      pendingReply: null,
      remoteImagesAllowed: {},
      composerOpen: false
    })
}))
