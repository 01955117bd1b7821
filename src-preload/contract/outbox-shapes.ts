import { z } from 'zod'
import { MAX_ATTACHMENTS_BYTES } from './attachment-limit'
import { ErrorCode } from './errors'
import { Recipient } from './email-address'
import { Id } from './mail-shapes'

// The composer checks the limit before reading the files.
export { MAX_ATTACHMENTS_BYTES }
// Base64 is 4/3 of the bytes; this bound only stops absurd payloads early, the core gives the
// precise ATTACHMENT_TOO_LARGE error with the total.
const MAX_BASE64_CHARS = 48 * 1024 * 1024

/** Addresses each of To, Cc and Bcc may hold (the UI names the limit when a reply all is past it). */
export const MAX_RECIPIENTS_PER_FIELD = 500

export const OutgoingAttachment = z
  .object({
    name: z.string().min(1).max(255),
    type: z
      .string()
      .max(255)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'A MIME type such as application/pdf'),
    contentBase64: z.base64().max(MAX_BASE64_CHARS, 'Attachments may total at most 25 MB.')
  })
  .strict()
export type OutgoingAttachment = z.infer<typeof OutgoingAttachment>

/**
 * A message to send, as the composers and the CLI give it. To, Cc and Bcc may each be empty, not
 * all three (hasRecipient): a message to Bcc only (a newsletter to oneself) goes out with
 * "To: undisclosed-recipients:;", as Gmail and Thunderbird send it.
 */
export const OutgoingMessage = {
  accountId: Id,
  /** Addresses (see isEmailAddress; a Unicode domain is sent in its ASCII form), with names or not. */
  to: z.array(Recipient).max(MAX_RECIPIENTS_PER_FIELD).default([]),
  cc: z.array(Recipient).max(MAX_RECIPIENTS_PER_FIELD).optional(),
  /**
   * Blind copies: they get the message (SMTP envelope), which goes out without a Bcc header; the
   * copy saved in Sent keeps it, so the sender sees whom it went to.
   */
  bcc: z.array(Recipient).max(MAX_RECIPIENTS_PER_FIELD).optional(),
  subject: z.string().max(998),
  text: z.string().max(10_000_000),
  /** The Message-ID being replied to; the core fills In-Reply-To and References. */
  inReplyTo: z.string().max(998).optional(),
  /**
   * Quote the message answered (inReplyTo) below the text, "On … wrote:" and its lines after
   * "> ", as the core has it stored. Off unless asked: a script may quote on its own.
   */
  quote: z.boolean().optional(),
  attachments: z.array(OutgoingAttachment).max(100).optional()
}

type Recipients = { to: unknown[]; cc?: unknown[] | undefined; bcc?: unknown[] | undefined }

/** The refinement of a message to send: someone in To, Cc or Bcc. */
export const hasRecipient = (message: Recipients): boolean =>
  message.to.length + (message.cc?.length ?? 0) + (message.bcc?.length ?? 0) > 0

/** Said at To, where the composer shows it, when To, Cc and Bcc are all empty. */
export const NO_RECIPIENT = {
  message: 'Add at least one recipient, in To, Cc or Bcc: all three are empty.',
  path: ['to']
}

export const OutboxState = z.enum(['scheduled', 'queued', 'sending', 'sent', 'failed'])
export type OutboxState = z.infer<typeof OutboxState>

export const OutboxItem = z.object({
  id: Id,
  accountId: Id,
  messageId: z.string(),
  subject: z.string(),
  /**
   * The recipients this row sends to (as the user wrote them, Unicode domains included), by the
   * field they are in: the Outbox shows them apart, so a Bcc is never called a To. Rows queued
   * before migration 0051 list every recipient in `to`.
   */
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  size: z.number().int(),
  state: OutboxState,
  /** Not sent before this time: the end of the undo window, or the time chosen to send later. */
  sendAt: z.iso.datetime(),
  /** The next automatic attempt after a failure, if one is planned. */
  retryAt: z.iso.datetime().nullable(),
  attempts: z.number().int(),
  /** The last failure: the server's own words ("550 5.1.1 No such user"), or Rapport's explanation. */
  lastError: z.string().nullable(),
  /**
   * What kind of failure it was. SEND_FAILED (failed for good) and SEND_DEFERRED (refused for now,
   * tried again at retryAt): lastError is the server's reply, shown as it is; any other code is
   * Rapport's own explanation, which the UI says in the user's language.
   */
  lastErrorCode: ErrorCode.nullable(),
  threadId: Id.nullable(),
  sentFolder: z.string().nullable(),
  /**
   * Sent, but the server refused the copy for the Sent folder (no room, no right): its own words.
   * The message stays listed until Retry saves the copy or Delete lets it go.
   */
  sentCopyError: z.string().nullable(),
  /**
   * Set when `sentCopyError` is Rapport's own reason rather than the server's words, so the
   * Outbox says it in the user's language: NO_SENT_FOLDER, the server has no Sent folder now.
   */
  sentCopyErrorCode: z.enum(['NO_SENT_FOLDER']).nullable(),
  /**
   * When Rapport tries the refused copy again on its own: set for a refusal for now (a full
   * mailbox, a busy server), for about a day of growing waits; null when it waits for Retry.
   */
  sentCopyRetryAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable()
})
export type OutboxItem = z.infer<typeof OutboxItem>

export const SendLimits = z.object({
  accountId: Id,
  /** null: no cap (the default). */
  dailyCap: z.number().int().nullable(),
  /** Sent in the last 24 hours. */
  sentToday: z.number().int(),
  /**
   * In the Outbox, due to go within the next 24 hours (overdue included): not sent yet, but
   * counted toward the cap as sentToday is.
   */
  waitingToday: z.number().int(),
  /** Gmail-like providers: a warning from this many a day. */
  warnAt: z.number().int().nullable()
})
export type SendLimits = z.infer<typeof SendLimits>
