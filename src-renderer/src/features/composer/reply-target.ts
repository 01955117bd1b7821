// Who a reply goes to and how it is titled, derived from the thread's last message.
import type { MessageDetail, ThreadSummary } from '../../../../src-preload/contract'

export type ReplyTarget = { to: string; toName: string; subject: string; inReplyTo: string }

const RE_PREFIX = /^\s*re(?:\[\d+\])?\s*:/i

/** "Re: " + subject, without doubling an existing "Re:" (any case, "Re[2]:" too). */
export function replySubject(subject: string): string {
  const trimmed = subject.trim()
  return RE_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`
}

/**
 * Replying to received mail answers its sender; replying under our own last message (a
 * follow-up) goes to that message's first recipient. Null when there is nobody to answer.
 */
export function replyTarget(
  thread: ThreadSummary,
  oldestFirst: readonly MessageDetail[]
): ReplyTarget | null {
  const last = oldestFirst.at(-1)
  if (!last) return null
  const recipient = last.direction === 'in' ? last.from : last.to[0]
  if (!recipient?.address) return null
  return {
    to: recipient.address,
    toName: recipient.name || recipient.address,
    subject: replySubject(last.subject || thread.subject),
    inReplyTo: last.messageId
  }
}
