// Who a reply goes to and how it is titled, derived from the thread's last message (or, for its
// subject and In-Reply-To, from an earlier message the reply answers).
import type { Address, MessageDetail, ThreadSummary } from './mail-shapes'
import { addressKey } from './address-key'
import { isEmailAddress } from './email-address'
import { prefixPattern, REPLY_WORDS } from './subject-prefixes'

export type ReplyTarget = {
  to: Address[]
  cc: Address[]
  /** The first recipient, as the reply box names it ("Reply to Carla and 2 others"). */
  toName: string
  /** How many recipients there are besides the first, in To and Cc. */
  others: number
  subject: string
  inReplyTo: string
  /** A recipient no mail server would take: the reply box says so rather than sending. */
  invalid: string | null
}

const REPLY_PREFIX = prefixPattern(REPLY_WORDS)

/**
 * "Re: " + subject, unless it already starts with a reply prefix in any language mail programs
 * write ("RE:", "Re[2]:", "AW:", "SV:", "回复："). A forward is answered "Re: Fwd: …"; an empty
 * subject "Re:".
 */
export function replySubject(subject: string): string {
  const trimmed = subject.trim()
  if (!trimmed) return 'Re:'
  return atMost(REPLY_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`, MAX_SUBJECT)
}

/**
 * What a message's Subject may hold (the contract's limit): a received subject has none (a
 * header folds over many lines), and the reply box has no Subject field to shorten it in.
 */
const MAX_SUBJECT = 998

/** The text cut to `max` UTF-16 units, never between the two halves of a character. */
function atMost(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** A name from a header, fit for one again: no control characters, at most what the contract takes. */
const headerName = (name: string) =>
  name
    .replace(/\p{Cc}+/gu, ' ')
    .trim()
    .slice(0, 256)

/** The addresses without `skip` (addressKey form), each once, compared without case. */
export function distinct(addresses: readonly Address[], skip: Set<string>): Address[] {
  return addresses.flatMap((a) => {
    const key = addressKey(a.address)
    if (!a.address || skip.has(key)) return []
    skip.add(key)
    return [{ name: headerName(a.name), address: a.address }]
  })
}

/**
 * Whether `message` was written from another of the user's mailboxes (`otherMailboxes`: their
 * addresses, all but the one replying) to this one. The core files such mail as the user's own
 * (outgoing), but answered from this mailbox it is mail like any other: the reply goes to that
 * mailbox, not back to this one. Not when it was written To someone else (`users`: the addresses
 * that are the user's, this mailbox's among them), this mailbox only copied: that is the user's
 * own mail to them, followed up to them as before (a reply to the user's other address dropped
 * the client it was written to).
 */
export function fromOtherMailbox(
  message: MessageDetail,
  otherMailboxes: readonly string[],
  users?: (address: string) => boolean
): boolean {
  // Compared as the core tells the user's mail apart: a mailbox added in punycode sends mail
  // that is read back with its domain in Unicode.
  const from = message.from && addressKey(message.from.address)
  if (!from || !otherMailboxes.some((address) => addressKey(address) === from)) return false
  return !users || message.to.every((a) => users(a.address))
}

/**
 * Replying to received mail answers its Reply-To (all of its addresses) or else its sender.
 * Replying under our own last message (a follow-up) goes to all its To and Cc recipients but
 * ourselves: the senders of the thread's outgoing mail, which is how the core told them apart.
 * Mail from the user's other mailboxes (`otherMailboxes`) to this one (`mailbox`, its address)
 * is answered as received mail. Null when there is nobody to answer.
 */
export function replyTarget(
  thread: ThreadSummary,
  oldestFirst: readonly MessageDetail[],
  otherMailboxes: readonly string[] = [],
  mailbox?: string
): ReplyTarget | null {
  const last = oldestFirst.at(-1)
  if (!last) return null
  const users = new Set([...otherMailboxes, ...(mailbox ? [mailbox] : [])].map(addressKey))
  const isUsers = mailbox ? (address: string) => users.has(addressKey(address)) : undefined
  const fromOther = (m: MessageDetail) => fromOtherMailbox(m, otherMailboxes, isUsers)
  let to: Address[]
  let cc: Address[] = []
  if (last.direction === 'in' || fromOther(last)) {
    to = distinct(last.replyTo.length > 0 ? last.replyTo : last.from ? [last.from] : [], new Set())
  } else {
    const own = oldestFirst.flatMap((m) =>
      m.direction === 'out' && m.from && !fromOther(m) ? [m.from.address] : []
    )
    // This mailbox too: a copy of the user's mail from another one names it in Cc or To.
    const seen = new Set([...own, ...(mailbox ? [mailbox] : [])].map(addressKey))
    to = distinct(last.to, seen)
    cc = distinct(last.cc, seen)
    // Cc only: they become the To the contract needs. Sent to ourselves only: a note to self.
    if (to.length === 0) [to, cc] = cc.length > 0 ? [cc, []] : [distinct(last.to, new Set()), []]
  }
  const first = to[0]
  if (!first) return null
  return {
    to,
    cc,
    toName: first.name || first.address,
    others: to.length + cc.length - 1,
    subject: replySubject(last.subject || thread.subject),
    inReplyTo: last.messageId,
    invalid: [...to, ...cc].find((a) => !isEmailAddress(a.address))?.address ?? null
  }
}

/**
 * The subject and In-Reply-To of a reply that answers the message with id `answering` (Reply or
 * Reply all on an earlier message of the conversation): that message's, so other mail programs
 * thread the reply under it and the core marks it answered (its References follow from it there).
 * Without one, or once it is no longer in the conversation, the newest message's: `target`'s.
 */
export function answeredHeaders(
  target: Pick<ReplyTarget, 'subject' | 'inReplyTo'>,
  thread: Pick<ThreadSummary, 'subject'>,
  oldestFirst: readonly MessageDetail[],
  answering: number | undefined
): Pick<ReplyTarget, 'subject' | 'inReplyTo'> {
  const message = answering === undefined ? undefined : oldestFirst.find((m) => m.id === answering)
  if (!message) return { subject: target.subject, inReplyTo: target.inReplyTo }
  return { subject: replySubject(message.subject || thread.subject), inReplyTo: message.messageId }
}
