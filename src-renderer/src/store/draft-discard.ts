// Discard in New message and in a reply box: the draft being written there is thrown away (the
// draft saver then deletes the core's copy, and the server's with it at the next sync), and kept
// here, files and all, so that the notice's Undo can bring it back by the rules of Undo. Only that
// one place is emptied: drafts set aside beside it stay, and so does every other reply.
import type { ThreadsMerged } from '../../../src-preload/contract'
import { emptyNewMessage, isBlank, type AsideDraft, type DraftState } from './ui-store'

/**
 * The draft Discard threw away last, shaped as a draft set aside (it may come back beside another
 * just as one does); `id` tells one discard from the next, so each has a notice of its own.
 */
export type DiscardedDraft = AsideDraft

type Discarding = Partial<DraftState> & { discarded?: DiscardedDraft }

/**
 * The new message emptied. Nothing typed or attached: nothing to bring back, so no notice (the
 * one of an earlier discard stays).
 */
export function discardingNewMessage(state: DraftState, id: number): Discarding {
  const draft = state.newMessage
  if (isBlank(draft)) return { newMessage: emptyNewMessage }
  return { newMessage: emptyNewMessage, discarded: { id, kind: 'new', draft } }
}

/**
 * A conversation's reply emptied, recipients Reply or Reply all chose included: the box is as if
 * nothing had been begun in it.
 */
export function discardingReply(state: DraftState, threadId: number, id: number): Discarding {
  const draft = state.replyDrafts[threadId]
  if (!draft) return {}
  const replyDrafts = { ...state.replyDrafts }
  delete replyDrafts[threadId]
  return isBlank(draft) ? { replyDrafts } : { replyDrafts, discarded: { id, kind: 'reply', threadId, draft } }
}

/** A reply discarded in a conversation merged since comes back in the one that stays. */
export function discardedAfterMerge(
  discarded: DiscardedDraft | null,
  merge: ThreadsMerged
): DiscardedDraft | null {
  if (discarded?.kind !== 'reply' || discarded.threadId !== merge.from) return discarded
  return { ...discarded, threadId: merge.to }
}
