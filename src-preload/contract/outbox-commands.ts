import { z } from 'zod'
import { Empty, Id } from './mail-shapes'
import { hasRecipient, NO_RECIPIENT, OutboxItem, OutgoingMessage, SendLimits } from './outbox-shapes'

const ItemId = z.object({ id: Id }).strict()

// The outbox: every message goes through it. `outbox.send` queues (with the undo delay, or at a
// chosen time) and returns at once; `messages.send` queues and waits for the result.
export const outboxCommands = {
  'outbox.send': {
    input: z
      .object({
        ...OutgoingMessage,
        /** Send later: not before this time. Without it, after the undo delay (or at once if undo is false). */
        sendAt: z.iso.datetime({ offset: true }).optional(),
        /** Hold the message for the undo delay (outbox.settings) before sending. Default true. */
        undo: z.boolean().optional()
      })
      .strict()
      .refine(hasRecipient, NO_RECIPIENT),
    output: z.object({ item: OutboxItem, warning: z.string().nullable() })
  },
  'outbox.list': {
    input: z.object({ accountId: Id.optional(), includeSent: z.boolean().optional() }).strict(),
    output: z.array(OutboxItem)
  },
  /** Undo send: removes a message that has not started sending. */
  'outbox.cancel': { input: ItemId, output: z.object({ cancelled: z.boolean() }) },
  /** Deletes a queued or failed message from the outbox; a sent one whose Sent copy failed is let go. */
  'outbox.delete': { input: ItemId, output: z.object({ deleted: z.boolean() }) },
  /**
   * Tries a failed (or waiting) message again now, and waits for the attempt; a failed message
   * scheduled for a time still ahead goes back on its schedule instead. For a sent message whose
   * Sent copy the server refused, saves the copy again.
   */
  'outbox.retry': { input: ItemId, output: OutboxItem },
  /** Skips the undo delay or the chosen time, and waits for the attempt. */
  'outbox.sendNow': { input: ItemId, output: OutboxItem },
  'outbox.getSettings': { input: Empty, output: z.object({ undoDelaySeconds: z.number().int() }) },
  'outbox.setSettings': {
    input: z.object({ undoDelaySeconds: z.number().int().min(5).max(60) }).strict(),
    output: z.object({ undoDelaySeconds: z.number().int() })
  },
  /** Whether the reply box quotes the message answered (default on), remembered per workspace. */
  'outbox.quoteReplies': { input: Empty, output: z.object({ quote: z.boolean() }) },
  'outbox.setQuoteReplies': {
    input: z.object({ quote: z.boolean() }).strict(),
    output: z.object({ quote: z.boolean() })
  },
  /** The mailbox New message last sent from (null before the first), for the next one's From. */
  'outbox.lastNewMessageFrom': { input: Empty, output: z.object({ accountId: Id.nullable() }) },
  'outbox.rememberNewMessageFrom': { input: z.object({ accountId: Id }).strict(), output: Empty },
  'outbox.limits': { input: z.object({ accountId: Id }).strict(), output: SendLimits },
  /** A per-account daily cap (null turns it off). */
  'outbox.setDailyCap': {
    input: z.object({ accountId: Id, dailyCap: z.number().int().min(1).max(100_000).nullable() }).strict(),
    output: SendLimits
  }
} as const
