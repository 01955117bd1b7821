// How the comments being written follow a merge of two threads (threads.merged): the absorbed
// thread's comment joins the surviving one's, so no typed text is lost. Unlike a reply, a
// comment has no place to be set aside, so both texts go in the one box: the survivor's first,
// then the absorbed one's after a blank line, with the members picked in either.
import type { CommentDraft } from './crm-store'

function joined(survivor: CommentDraft, absorbed: CommentDraft): CommentDraft {
  const text = !survivor.text
    ? absorbed.text
    : !absorbed.text
      ? survivor.text
      : `${survivor.text}\n\n${absorbed.text}`
  // A member may be written two ways ("@Ana", "@ana@…"): each way still names them.
  const same = (a: CommentDraft['picked'][number], b: CommentDraft['picked'][number]) =>
    a.member.id === b.member.id && a.text === b.text
  const picked = [
    ...survivor.picked,
    ...absorbed.picked.filter((p) => !survivor.picked.some((s) => same(s, p)))
  ]
  return { text, picked }
}

/** The comment drafts (by thread) once thread `from` is merged into thread `to`. */
export function withCommentMerge(
  drafts: Record<number, CommentDraft>,
  from: number,
  to: number
): Record<number, CommentDraft> {
  const absorbed = drafts[from]
  if (!absorbed || from === to) return drafts
  const next = { ...drafts }
  delete next[from]
  const survivor = drafts[to]
  next[to] = survivor ? joined(survivor, absorbed) : absorbed
  return next
}

/**
 * The draft once `sent` (a comment just stored) is taken out of it: all of it when that is all it
 * holds; otherwise only that part, where a merge meanwhile joined it to another comment (first or
 * last, a blank line between). Text typed while it was on its way stays whole.
 */
export function withoutSent(draft: CommentDraft, sent: string): CommentDraft {
  if (draft.text === sent) return { text: '', picked: [] }
  if (draft.text.startsWith(`${sent}\n\n`)) return { ...draft, text: draft.text.slice(sent.length + 2) }
  if (draft.text.endsWith(`\n\n${sent}`))
    return { ...draft, text: draft.text.slice(0, draft.text.length - sent.length - 2) }
  return draft
}
