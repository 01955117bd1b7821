// Who Reply and Reply all on one message of a conversation write to (the reply box's own
// recipients), as mail programs do: Reply answers that message's Reply-To or sender; Reply all
// adds everyone else it was sent to, in Cc. The user's own addresses are never among them, but
// for another of the user's mailboxes answered from this one (reply-target.ts, fromOtherMailbox).
import type { Address, MessageDetail } from './mail-shapes'
import { addressKey } from './address-key'
import { distinct, fromOtherMailbox } from './reply-target'

export { addressKey }

export type MessageReply = { to: Address[]; cc: Address[] }

/** The addresses without `skip` (addressKey form), each once; `skip` grows by those kept. */
function without(addresses: readonly Address[], skip: Set<string>): Address[] {
  return addresses.flatMap((a) => {
    const key = addressKey(a.address)
    if (!a.address || skip.has(key)) return []
    skip.add(key)
    // distinct makes the name fit for a header again.
    return distinct([a], new Set())
  })
}

/**
 * The recipients of a reply to `message`. `own` holds the user's addresses: every mailbox's, and
 * the senders of the conversation's outgoing mail (an alias the user writes from). To is its
 * Reply-To, or else its sender; with `all`, Cc is its other To and Cc recipients, each once. A
 * message of the user's own (or one whose answer would only reach the user) is followed up as
 * the reply box does: to its To, Cc staying Cc (Cc alone becoming To), or to itself for a note to
 * self. Null when there is nobody to write to.
 */
export function messageReply(
  message: MessageDetail,
  own: readonly string[],
  all: boolean,
  otherMailboxes: readonly string[] = []
): MessageReply | null {
  const mine = new Set(own.map(addressKey))
  // From another of the user's mailboxes: answered as received mail, to that mailbox.
  const fromOther = fromOtherMailbox(message, otherMailboxes, (address) => mine.has(addressKey(address)))
  if (message.direction === 'out' && message.from && !fromOther) mine.add(addressKey(message.from.address))
  const answerTo = message.replyTo.length > 0 ? message.replyTo : message.from ? [message.from] : []
  // Received mail naming no sender has no one to answer (as the reply box says): its other
  // recipients did not write it.
  if (answerTo.length === 0 && message.direction === 'in') return null
  const taken = new Set(mine)
  if (fromOther) for (const a of answerTo) taken.delete(addressKey(a.address))
  const to = without(answerTo, taken)
  if (to.length > 0) {
    // Reply-To and From may name the user too: those stay out of Cc with the rest of `mine`.
    const cc = all ? without([...message.to, ...message.cc], taken) : []
    return { to, cc }
  }
  // From the user: a follow-up to everyone it went to.
  const followUp = new Set(mine)
  const sentTo = without(message.to, followUp)
  const sentCc = without(message.cc, followUp)
  if (sentTo.length > 0) return { to: sentTo, cc: sentCc }
  if (sentCc.length > 0) return { to: sentCc, cc: [] }
  const self = distinct(message.to.length > 0 ? message.to : message.from ? [message.from] : [], new Set())
  return self.length > 0 ? { to: self, cc: [] } : null
}
