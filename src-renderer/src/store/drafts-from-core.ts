// How the drafts in the store take what another window (a tab of web mode, a second desktop
// window) saved or deleted, as the core lists it: the core's draft goes at its place, and what
// this window was writing there and had not saved waits beside it, as after Undo. Nothing typed
// here is dropped, and nothing saved elsewhere stays hidden behind an older text.
import type { DraftPlace } from '../../../src-preload/contract'
import type { AsideIds } from './draft-merge'
import {
  emptyNewMessage,
  type AsideDraft,
  type DraftState,
  type NewMessageDraft,
  type ReplyDraft
} from './ui-store'

/** The core's draft at a place (null: none there any more), and this window's own text there, unsaved. */
export type FromCore = {
  place: DraftPlace
  draft: NewMessageDraft | ReplyDraft | null
  mine: NewMessageDraft | ReplyDraft | null
}

function asideAt(place: DraftPlace, id: number, draft: NewMessageDraft | ReplyDraft): AsideDraft {
  return place.kind === 'new'
    ? { id, kind: 'new', draft: draft as NewMessageDraft }
    : { id, kind: 'reply', threadId: place.threadId, draft }
}

const isAt = (entry: AsideDraft, place: DraftPlace) =>
  entry.id === place.asideId &&
  entry.kind === place.kind &&
  (entry.kind === 'new' || (place.kind === 'reply' && entry.threadId === place.threadId))

export function withCore(state: DraftState, found: readonly FromCore[], ids: AsideIds): DraftState {
  let { newMessage, replyDrafts, asideDrafts } = state
  for (const { place, draft, mine } of found) {
    if (place.asideId) {
      const asideId = place.asideId
      // This window's own draft under that number elsewhere takes another (and moves there in
      // the core, as Open does): the numbers of the store are one series.
      asideDrafts = asideDrafts.map((entry) =>
        entry.id === asideId && !isAt(entry, place) ? { ...entry, id: ids.next() } : entry
      )
      ids.taken(asideId)
      asideDrafts = asideDrafts.filter((entry) => entry.id !== asideId)
      if (draft) asideDrafts = [...asideDrafts, asideAt(place, asideId, draft)]
    } else if (place.kind === 'new') {
      newMessage = (draft as NewMessageDraft | null) ?? emptyNewMessage
    } else {
      replyDrafts = { ...replyDrafts }
      if (draft) replyDrafts[place.threadId] = draft
      else delete replyDrafts[place.threadId]
    }
    if (mine) asideDrafts = [...asideDrafts, asideAt(place, ids.next(), mine)]
  }
  return { newMessage, replyDrafts, asideDrafts }
}
