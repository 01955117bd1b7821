// A Message-ID is meant to name one message, and Rapport keeps one row per Message-ID: the copies
// of a message in several folders (INBOX and Sent, Gmail's labels, a mailing-list copy) are one
// message with several locations. Some mail reuses an id for another message (a buggy sender,
// some list software, a forged copy sent first): stored as a copy, that message was lost from
// view, and a flag or delete of the one shown reached it on the server too.
import { collidingMessageId, isSyntheticMessageId } from '../mail/message-id'
import type { ParsedMessage } from '../mail/message-parser'

/** What the store knows of the row holding a Message-ID already. */
export type StoredIdentity = { date: number; is_draft: 0 | 1; date_by_header: 0 | 1 | null }

/**
 * Whether `parsed`, fetched under the Message-ID of `stored`, is another message rather than a
 * copy of it. Copies share their Date header (a list does not change it), so a different one tells
 * them apart. Not for drafts (each version saved under one id has its own Date), nor a message
 * without a Date header (dated by its arrival, which differs from copy to copy), nor one whose id
 * Rapport made up (it is a hash of the date already).
 */
export function isAnotherMessage(stored: StoredIdentity, parsed: ParsedMessage, isDraft: boolean): boolean {
  if (stored.is_draft === 1 || isDraft || isSyntheticMessageId(parsed.messageId)) return false
  // Both dated by their Date header: a copy stored without one is dated by its arrival.
  const bothDated = stored.date_by_header === 1 && parsed.datedByHeader === true
  return bothDated && parsed.date !== 0 && stored.date !== parsed.date
}

/** The message with its own made-up id instead of the one another message holds. */
export function withOwnMessageId(parsed: ParsedMessage): ParsedMessage {
  const messageId = collidingMessageId({
    messageId: parsed.messageId,
    date: parsed.date,
    from: parsed.from?.address ?? ''
  })
  return { ...parsed, messageId }
}
