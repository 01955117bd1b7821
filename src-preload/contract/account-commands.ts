import { z } from 'zod'
import { AttachmentContent, BackfillStatus, PollIntervalSeconds, TrashItem } from './account-shapes'
import { SIGNATURE_MAX_CHARS, SIGNATURE_TOO_LONG } from './signature'
import { Account, AccountFilter, Id, ImportLimit, MAX_EMAIL, MessageIds, ServerSettings } from './mail-shapes'

// Commands for the account lifecycle: settings, disconnect, "sync older mail", Trash,
// and attachments kept offline.

export const accountCommands = {
  /**
   * Personal or shared mailbox, how often its folders other than INBOX are polled, and its import
   * depth (the newest N per synced folder, or "all"). A deeper one fetches the older mail it now
   * takes in on the next pass (with real time, at once); a shallower one removes nothing stored.
   */
  'accounts.update': {
    input: z
      .object({
        accountId: Id,
        shared: z.boolean().optional(),
        pollIntervalSeconds: PollIntervalSeconds.optional(),
        importLimit: ImportLimit.optional()
      })
      .strict(),
    output: Account
  },
  /**
   * The mailbox's signature, plain text ('' for none): New message, replies and forwards from it,
   * and `rapport send`, put it at the end of their text. Kept as normalizeSignature gives it.
   */
  'accounts.setSignature': {
    input: z
      .object({
        accountId: Id,
        signature: z.string().max(SIGNATURE_MAX_CHARS, { message: SIGNATURE_TOO_LONG })
      })
      .strict(),
    output: Account
  },
  /**
   * New servers or user name for a mailbox (its provider moved it, or a typo at setup): checked
   * against the live servers like a new account, then saved, and the mailbox reconnects. Without
   * a password the one kept is used. Mail, conversations and contacts stay; on another server
   * its folders are matched again by Message-ID.
   */
  'accounts.updateServers': {
    input: z
      .object({
        accountId: Id,
        user: z.string().trim().min(1).max(MAX_EMAIL),
        password: z.string().min(1).max(4096).optional(),
        imap: ServerSettings,
        smtp: ServerSettings
      })
      .strict(),
    output: Account
  },
  /**
   * Disconnects a mailbox. "archive" keeps its mail read-only (no sync, password deleted);
   * "delete" removes its mail, folders and tasks locally (contacts with CRM data stay).
   */
  'accounts.disconnect': {
    input: z.object({ accountId: Id, mode: z.enum(['archive', 'delete']) }).strict(),
    output: z.object({ mode: z.enum(['archive', 'delete']), messagesRemoved: z.number().int() })
  },
  /** Starts (or resumes) fetching a folder's mail older than the import window, in the background. */
  'backfill.start': { input: z.object({ folderId: Id }).strict(), output: BackfillStatus },
  /** Stops after the batch in flight; backfill.start continues from there. */
  'backfill.pause': { input: z.object({ folderId: Id }).strict(), output: BackfillStatus },
  /** One row per synced folder. */
  'backfill.status': { input: AccountFilter, output: z.array(BackfillStatus) },
  'trash.list': { input: AccountFilter, output: z.array(TrashItem) },
  /** Moves mail back from Trash to where it was deleted from (pushed to the server as a task). */
  'trash.restore': {
    input: z.object({ messageIds: MessageIds }).strict(),
    output: z.object({ restored: z.number().int() })
  },
  /** The attachment's bytes from the local cache, also after the message was deleted on the server. */
  'attachments.read': { input: z.object({ attachmentId: Id }).strict(), output: AttachmentContent }
} as const
