// Who the reply box writes to: the recipients a reply draft kept of its own (one begun in another
// program with its To changed, a Cc added, or to Cc or Bcc only, continued here), or else those
// replyTarget chooses.
import { hasOwnRecipients, type Address } from '../../../../src-preload/contract'
import {
  addressProblem,
  parseAddressList,
  type AddressProblem
} from '../../../../src-preload/contract/address-list'
import type { ReplyTarget } from '../../../../src-preload/contract/reply-target'
import type { ReplyDraft } from '../../store/ui-store'

export type ReplyRecipients = Pick<ReplyTarget, 'to' | 'cc' | 'toName' | 'others' | 'invalid'> & {
  /** The draft's own blind copies (none for the usual recipients): not counted in `others`. */
  bcc: Address[]
  /** The draft's own recipients, not the conversation's usual ones. */
  own: boolean
  /**
   * No one in To or Cc, only blind copies: `toName` and `others` then name those (the message goes
   * out with "To: undisclosed-recipients:;", as a new message to Bcc only does).
   */
  bccOnly: boolean
  /** What the core would refuse among them (an address, or a name too long or with a tab), or null. */
  problem: AddressProblem | null
}

/** Null when there is no one to write to. */
export function replyRecipients(target: ReplyTarget | null, draft: ReplyDraft): ReplyRecipients | null {
  const usual = target
    ? {
        ...target,
        bcc: [],
        own: false,
        bccOnly: false,
        problem: target.invalid ? { problem: 'invalidAddress' as const, text: target.invalid } : null
      }
    : null
  if (!hasOwnRecipients(draft)) return usual
  const to = parseAddressList(draft.to ?? '')
  const cc = parseAddressList(draft.cc ?? '')
  const bcc = parseAddressList(draft.bcc ?? '')
  const invalid = [...to.invalid, ...cc.invalid, ...bcc.invalid][0] ?? null
  // Each stays in its field: a message may go to Cc or Bcc only.
  const shown = [...to.addresses, ...cc.addresses]
  const bccOnly = shown.length === 0 && bcc.addresses.length > 0
  const named = bccOnly ? bcc.addresses : shown
  const first = named[0]
  if (!first && !invalid) return usual
  return {
    to: to.addresses,
    cc: cc.addresses,
    toName: first ? first.name || first.address : (invalid ?? ''),
    others: Math.max(0, named.length - 1),
    invalid,
    bcc: bcc.addresses,
    own: true,
    bccOnly,
    problem: addressProblem(to) ?? addressProblem(cc) ?? addressProblem(bcc)
  }
}
