// Who the reply box writes to: the recipients a reply draft kept of its own (one begun in another
// program with its To changed or a Cc added, continued here), or else those replyTarget chooses.
import type { Address } from '../../../../src-preload/contract'
import { parseAddressList } from '../../../../src-preload/contract/address-list'
import type { ReplyTarget } from '../../../../src-preload/contract/reply-target'
import type { ReplyDraft } from '../../store/ui-store'

export type ReplyRecipients = Pick<ReplyTarget, 'to' | 'cc' | 'toName' | 'others' | 'invalid'> & {
  /** The draft's own recipients, not the conversation's usual ones. */
  own: boolean
}

/** Null when there is no one to write to. */
export function replyRecipients(target: ReplyTarget | null, draft: ReplyDraft): ReplyRecipients | null {
  if (!draft.to?.trim()) return target ? { ...target, own: false } : null
  const to = parseAddressList(draft.to)
  const cc = parseAddressList(draft.cc ?? '')
  // Cc only: they become the To a message needs, as replyTarget does.
  const [toList, ccList]: [Address[], Address[]] =
    to.addresses.length > 0 ? [to.addresses, cc.addresses] : [cc.addresses, []]
  const invalid = [...to.invalid, ...cc.invalid][0] ?? null
  const first = toList[0]
  if (!first && !invalid) return target ? { ...target, own: false } : null
  return {
    to: toList,
    cc: ccList,
    toName: first ? first.name || first.address : (invalid ?? ''),
    others: Math.max(0, toList.length + ccList.length - 1),
    invalid,
    own: true
  }
}
