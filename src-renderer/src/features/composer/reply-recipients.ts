// Who the reply box writes to: the recipients a reply draft kept of its own (one begun in another
// program with its To changed or a Cc added, continued here), or else those replyTarget chooses.
import type { Address } from '../../../../src-preload/contract'
import { parseAddressList } from '../../../../src-preload/contract/address-list'
import type { ReplyTarget } from '../../../../src-preload/contract/reply-target'
import type { ReplyDraft } from '../../store/ui-store'

export type ReplyRecipients = Pick<ReplyTarget, 'to' | 'cc' | 'toName' | 'others' | 'invalid'> & {
  /** The draft's own blind copies (none for the usual recipients): not counted in `others`. */
  bcc: Address[]
  /** The draft's own recipients, not the conversation's usual ones. */
  own: boolean
}

/** Null when there is no one to write to. */
export function replyRecipients(target: ReplyTarget | null, draft: ReplyDraft): ReplyRecipients | null {
  const usual = target ? { ...target, bcc: [], own: false } : null
  if (!draft.to?.trim()) return usual
  const to = parseAddressList(draft.to)
  const cc = parseAddressList(draft.cc ?? '')
  const bcc = parseAddressList(draft.bcc ?? '')
  // Cc only: they become the To a message needs, as replyTarget does.
  const [toList, ccList]: [Address[], Address[]] =
    to.addresses.length > 0 ? [to.addresses, cc.addresses] : [cc.addresses, []]
  const invalid = [...to.invalid, ...cc.invalid, ...bcc.invalid][0] ?? null
  const first = toList[0]
  if (!first && !invalid) return usual
  return {
    to: toList,
    cc: ccList,
    toName: first ? first.name || first.address : (invalid ?? ''),
    others: Math.max(0, toList.length + ccList.length - 1),
    invalid,
    bcc: bcc.addresses,
    own: true
  }
}
