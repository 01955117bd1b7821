import { z } from 'zod'

// ---------------------------------------------------------------------------------------------
// Errors: stable codes the UI translates, plus a human message (and, for forms, the field).

export const errorCodes = [
  'AUTH_FAILED',
  'HOST_UNREACHABLE',
  'TLS_INVALID',
  /** The port answered without TLS where TLS was chosen (or the reverse): a security setting to change. */
  'TLS_MISMATCH',
  'INSECURE_NOT_ALLOWED',
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  /** The message failed for good (a 5xx refusal, or too many 4xx): it waits for the user's Retry. */
  'SEND_FAILED',
  /**
   * The SMTP server refused the message for now (a 4xx, e.g. greylisting's 451), or (messages.send)
   * the IMAP server refused the login for now (a connection limit): it stays queued in the Outbox
   * and Rapport tries it again on its own; nothing for the user to do.
   */
  'SEND_DEFERRED',
  /** Attachments over 25 MB in total. */
  'ATTACHMENT_TOO_LARGE',
  /**
   * An attachment that is not kept on this computer (too large to keep, or from before attachments
   * were kept) and whose message is gone from the server, so it cannot be downloaded either.
   */
  'ATTACHMENT_UNAVAILABLE',
  /** The same, but its message is not where the last sync saw it on the server: try again after a sync. */
  'ATTACHMENT_OUT_OF_SYNC',
  /** The account's daily send cap is reached. */
  'SEND_CAP_REACHED',
  'SYNC_FAILED',
  /**
   * The IMAP server refuses to sign in for now (RFC 5530 UNAVAILABLE, INUSE, LIMIT: e.g. Dovecot
   * at its connection limit per user and address): not a wrong password. Rapport tries again on
   * its own, except while settings are checked (settingsCheck), where the user tries again later.
   * serverText holds the server's own words.
   */
  'LOGIN_REFUSED_FOR_NOW',
  'SECRET_MISSING',
  /**
   * A provider's OAuth client secret, saved in Settings on a computer without a keychain, is gone
   * since Rapport restarted: sign-in waits until it is entered again (not a password problem).
   */
  'OAUTH_CLIENT_SECRET_MISSING',
  'UNKNOWN_COMMAND',
  /**
   * The contact is blocked: no sending to them, no snoozing their conversations, no merging with
   * a contact that is not blocked.
   */
  'CONTACT_BLOCKED',
  /** The member's role does not allow this (an inbox they may not see, a custom inbox of someone else). */
  'FORBIDDEN',
  /** The mailbox was disconnected and kept as a read-only archive. */
  'ACCOUNT_ARCHIVED',
  /**
   * The server's rights for this mailbox (RFC 4314 ACL) do not let mail be moved into that
   * folder, or out of the folders this mail is in (a shared folder it may only read).
   */
  'FOLDER_READ_ONLY',
  /**
   * The connection was lost after the whole message went to the SMTP server, before its answer:
   * it may have been delivered, so it is not sent again unless the user retries. From
   * messages.send also: Rapport could not record the attempt's outcome, and looks in Sent first.
   */
  'SEND_UNCONFIRMED',
  /**
   * An earlier attempt may have gone out, and the server would not let Rapport open Sent to look
   * for it: it is not sent again unless the user retries.
   */
  'SENT_UNREADABLE',
  /**
   * The SMTP server refused to sign in while the IMAP server accepts the same account (sending
   * switched off for it, or another password): the message failed, receiving goes on.
   */
  'SMTP_AUTH_FAILED',
  /**
   * messages.send: another Rapport process on the same data directory (the app, a rapport command)
   * took the message first and is still sending it; the Outbox shows how that ends.
   */
  'SEND_IN_PROGRESS',
  /**
   * The draft at that place was saved or deleted in another window (or tab of web mode) since this
   * one read it: nothing was written over. Read the drafts again (drafts.list) and keep both texts.
   */
  'DRAFT_CHANGED',
  /** A comment mentions a member whose role keeps them from its conversation. */
  'MENTION_NOT_VISIBLE',
  /**
   * The sample workspace is open in another Rapport process on the same data directory (the app,
   * web mode, a rapport command): it is made afresh by deleting it, which that one would not survive.
   */
  'WORKSPACE_IN_USE',
  'INTERNAL'
] as const
export const ErrorCode = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * Why a search query cannot run, as a code the UI words in its language and the word typed
 * (value): unknownHas "has:pdf", unknownIs "is:important", badDate "after:yesterday" (the
 * operator included), tooManyTerms the number of words and operators it has ("70").
 */
export const SearchProblem = z.object({
  reason: z.enum(['unknownHas', 'unknownIs', 'badDate', 'tooManyTerms']),
  value: z.string()
})
export type SearchProblem = z.infer<typeof SearchProblem>

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Dotted path of the form field the error belongs to, e.g. "password" or "imap.host". */
  field: z.string().optional(),
  /**
   * ALREADY_EXISTS: the id of what holds the value already (for a contact's email address, the
   * contact that has it), so the UI can name it and offer to merge it rather than only refuse.
   */
  heldBy: z.string().optional(),
  /** INVALID_INPUT of a search query: each problem of the query; the message says them in English. */
  problems: z.array(SearchProblem).optional(),
  /** LOGIN_REFUSED_FOR_NOW: the server's own words, which the UI shows beside its own sentence. */
  serverText: z.string().optional(),
  /** LOGIN_REFUSED_FOR_NOW while settings are checked: nothing tries again on its own. */
  settingsCheck: z.boolean().optional()
})
export type ApiError = z.infer<typeof ApiError>

export type Response<T> = { ok: true; value: T } | { ok: false; error: ApiError }
