// Where each draft of the UI store sits, as the core keeps drafts: the new message, a
// conversation's reply, or an undone one set aside beside either. Blank drafts are not kept.
import {
  DRAFT_LIMITS,
  hasOwnRecipients,
  type CommandInput,
  type Draft,
  type DraftPlace,
  type DraftSeen,
  type OutgoingAttachment
} from '../../../../src-preload/contract'
import {
  isBlank,
  type AsideDraft,
  type DraftState,
  type KeptDrafts,
  type NewMessageDraft,
  type ReplyDraft
} from '../../store/ui-store'

export type ComposerDraft = NewMessageDraft | ReplyDraft
export type Placed = { place: DraftPlace; draft: ComposerDraft }
/** Which draft the core holds at a place (its id and revision), as drafts.save's `seen` names it. */
export type DraftVersion = NonNullable<DraftSeen>
/** A draft the core listed, at its place, with its version. */
export type ListedPlaced = Placed & { version: DraftVersion }

/** The version of a draft the core gave (drafts.list, drafts.save), if the answer has one. */
export function versionOf(value: unknown): DraftVersion | undefined {
  const { id, revision } = (value ?? {}) as Partial<DraftVersion>
  return typeof id === 'number' && typeof revision === 'number' ? { id, revision } : undefined
}

export function placeOfDraft(stored: Draft): DraftPlace {
  return placeOf(stored.threadId, stored.asideId)
}

/** A draft the core keeps, with its files, as a composer holds it. */
export function composerDraftOf(stored: Draft, files: File[]): ComposerDraft {
  // The copies it continues go on with the text, wherever it moves (server-drafts.ts).
  const continues = stored.continues.length > 0 ? { continues: stored.continues } : {}
  const reply: ReplyDraft = { text: stored.text, later: stored.later, files, ...continues }
  if (stored.threadId !== null) return { ...reply, ...ownRecipients(stored), ...answered(stored) }
  const { accountId, to, cc, bcc, subject } = stored
  return { ...reply, accountId, to, cc, bcc, subject } satisfies NewMessageDraft
}

/** A reply's own recipients (a Cc or a Bcc alone too), if any; none, and the reply box chooses them. */
function ownRecipients(draft: { to?: string; cc?: string; bcc?: string }): {
  to?: string
  cc?: string
  bcc?: string
} {
  return hasOwnRecipients(draft) ? { to: draft.to ?? '', cc: draft.cc ?? '', bcc: draft.bcc ?? '' } : {}
}

/** Which message a reply answers, and whether Reply or Reply all chose its recipients: as kept. */
function answered({ answering, chosen }: Pick<Draft, 'answering' | 'chosen'>): Partial<ReplyDraft> {
  return { ...(answering !== null ? { answering } : {}), ...(chosen ? { chosen } : {}) }
}

export function placeKey(place: DraftPlace): string {
  const where = place.kind === 'new' ? 'new' : `reply:${place.threadId}`
  return place.asideId ? `${where}:aside:${place.asideId}` : where
}

/** The place of a new message (threadId null) or a reply, set aside when asideId is given. */
export function placeOf(threadId: number | null, asideId: number | null): DraftPlace {
  const aside = asideId ? { asideId } : {}
  return threadId === null ? { kind: 'new', ...aside } : { kind: 'reply', threadId, ...aside }
}

/** Every draft with something in it, by place. */
export function placesOf(state: DraftState): Map<string, Placed> {
  const placed: Placed[] = [{ place: placeOf(null, null), draft: state.newMessage }]
  for (const [threadId, draft] of Object.entries(state.replyDrafts))
    placed.push({ place: placeOf(Number(threadId), null), draft })
  for (const aside of state.asideDrafts)
    placed.push({
      place: placeOf(aside.kind === 'new' ? null : aside.threadId, aside.id),
      draft: aside.draft
    })
  return new Map(placed.filter(({ draft }) => !isBlank(draft)).map((p) => [placeKey(p.place), p]))
}

/**
 * drafts.save's input for a draft; without attachments, the files the core has stay. A To, Cc,
 * Bcc or Subject longer than the core keeps (pasted past the field's limit) is cut, not refused with
 * the whole draft.
 */
export function saveInput(
  { place, draft }: Placed,
  attachments: OutgoingAttachment[] | undefined
): CommandInput<'drafts.save'> {
  const content = {
    text: draft.text,
    later: draft.later,
    ...(attachments ? { attachments } : {}),
    ...(draft.continues?.length ? { continues: [...draft.continues] } : {})
  }
  if (place.kind === 'reply') {
    const { to, cc, bcc } = ownRecipients(draft)
    const cut = (text: string | undefined) => (text ?? '').slice(0, DRAFT_LIMITS.to)
    const { answering, chosen } = draft as ReplyDraft
    return {
      ...place,
      ...(to !== undefined ? { to: cut(to), cc: cut(cc), bcc: cut(bcc) } : {}),
      // Kept so that after a restart it still answers that message, as its copy in Drafts does.
      ...(answering !== undefined ? { answering } : {}),
      ...(chosen && to !== undefined ? { chosen } : {}),
      ...content
    }
  }
  const message = draft as NewMessageDraft
  return {
    ...place,
    accountId: message.accountId,
    to: message.to.slice(0, DRAFT_LIMITS.to),
    cc: message.cc.slice(0, DRAFT_LIMITS.to),
    bcc: message.bcc.slice(0, DRAFT_LIMITS.to),
    subject: message.subject.slice(0, DRAFT_LIMITS.subject),
    ...content
  }
}

/**
 * The drafts the core listed, with their files, as the UI store takes them; and each one's
 * place and version, so that what is already kept is not written again (nor over).
 */
export function keptFrom(drafts: ReadonlyArray<{ draft: Draft; files: File[] }>): {
  kept: KeptDrafts
  placed: ListedPlaced[]
} {
  let newMessage: NewMessageDraft | null = null
  const replies: Array<{ threadId: number; draft: ReplyDraft }> = []
  const asides: AsideDraft[] = []
  const placed: ListedPlaced[] = []
  for (const { draft: stored, files } of drafts) {
    const { threadId, asideId } = stored
    const draft = composerDraftOf(stored, files)
    if (threadId === null) {
      if (asideId) asides.push({ id: asideId, kind: 'new', draft: draft as NewMessageDraft })
      else newMessage = draft as NewMessageDraft
    } else {
      if (asideId) asides.push({ id: asideId, kind: 'reply', threadId, draft })
      else replies.push({ threadId, draft })
    }
    placed.push({ place: placeOfDraft(stored), draft, version: { id: stored.id, revision: stored.revision } })
  }
  return { kept: { newMessage, replies, asides }, placed }
}
