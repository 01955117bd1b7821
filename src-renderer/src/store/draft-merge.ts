// How the drafts in the store follow a merge of two threads (threads.merged). The core moved its
// copies and says exactly where to: the same drafts move the same way here, text typed since
// their last save included. A reply the core had no copy of (never saved) follows by the rules
// of Undo: into the surviving conversation's reply if that is blank, else set aside beside it.
import type { DraftPlace, ThreadsMerged } from '../../../src-preload/contract'
import { isBlank, type AsideDraft, type DraftState, type ReplyDraft } from './ui-store'

/** Aside numbers: a fresh one, and one the core gave that must not be handed out again. */
export type AsideIds = { next: () => number; taken: (id: number) => void }

type Drafts = { replyDrafts: Record<number, ReplyDraft>; asideDrafts: AsideDraft[] }

/** Takes the draft at a reply place out of `drafts`, if one is there. */
function takeAt(drafts: Drafts, place: DraftPlace): ReplyDraft | undefined {
  if (place.kind !== 'reply') return undefined
  if (!place.asideId) {
    const draft = drafts.replyDrafts[place.threadId]
    if (!draft) return undefined
    drafts.replyDrafts = { ...drafts.replyDrafts }
    delete drafts.replyDrafts[place.threadId]
    return draft
  }
  const aside = drafts.asideDrafts.find(
    (entry) => entry.id === place.asideId && entry.kind === 'reply' && entry.threadId === place.threadId
  )
  if (!aside) return undefined
  drafts.asideDrafts = drafts.asideDrafts.filter((entry) => entry !== aside)
  return aside.draft
}

/** Puts `draft` at `place`, or beside what the store already holds there (nothing is written over). */
function putAt(
  drafts: Drafts,
  threadId: number,
  asideId: number | undefined,
  draft: ReplyDraft,
  ids: AsideIds
): void {
  if (!asideId && isBlank(drafts.replyDrafts[threadId])) {
    drafts.replyDrafts = { ...drafts.replyDrafts, [threadId]: draft }
    return
  }
  const free = asideId !== undefined && !drafts.asideDrafts.some((entry) => entry.id === asideId)
  const id = free ? asideId : ids.next()
  ids.taken(id)
  drafts.asideDrafts = [...drafts.asideDrafts, { id, kind: 'reply', threadId, draft }]
}

export function withMerge(state: DraftState, merge: ThreadsMerged, ids: AsideIds): Drafts {
  const drafts: Drafts = { replyDrafts: state.replyDrafts, asideDrafts: state.asideDrafts }
  for (const { from, to } of merge.drafts) {
    const draft = takeAt(drafts, from)
    if (draft && to.kind === 'reply') putAt(drafts, to.threadId, to.asideId, draft, ids)
  }
  // What is left at the merged thread the core never had: it follows all the same.
  const reply = takeAt(drafts, { kind: 'reply', threadId: merge.from })
  if (reply && !isBlank(reply)) putAt(drafts, merge.to, undefined, reply, ids)
  drafts.asideDrafts = drafts.asideDrafts.map((entry) =>
    entry.kind === 'reply' && entry.threadId === merge.from ? { ...entry, threadId: merge.to } : entry
  )
  return drafts
}
