import { z } from 'zod'
import { ApiError } from './errors'
import { Address, Id, IsoDate, OverallProgress } from './mail-shapes'

// Shapes of the account lifecycle: backfill of older mail, Trash, cached attachments.

/** "Sync older mail" of one folder: idle (never asked), running, paused by the user, or done. */
export const BackfillStatus = z.object({
  folderId: Id,
  accountId: Id,
  folder: z.string(),
  state: z.enum(['idle', 'running', 'paused', 'done']),
  /** Messages of the folder stored locally, and how many the server holds (0 until known). */
  done: z.number().int(),
  total: z.number().int(),
  /** Why the last batch failed (it is retried while the state is running). */
  error: ApiError.nullable(),
  /**
   * The account's whole "sync older mail" while one is under way (or paused): older mail fetched
   * in all the folders it covers, out of what they held below their mail when each was started,
   * and which folder this is. Absent once every folder of it is done (the last event shows it complete).
   */
  overall: OverallProgress.optional()
})
export type BackfillStatus = z.infer<typeof BackfillStatus>

/** A message in Trash, restorable until purgeAt, when Rapport deletes its local copy. */
export const TrashItem = z.object({
  messageId: Id,
  accountId: Id,
  subject: z.string(),
  from: Address.nullable(),
  date: IsoDate,
  trashedAt: IsoDate,
  /** When Rapport deletes its copy; null while the message is in another folder too (kept). */
  purgeAt: IsoDate.nullable(),
  /** Where restore puts it back (null: INBOX, for mail deleted by another program). */
  originFolder: z.string().nullable(),
  /**
   * Where restore puts it back: every folder it was deleted from that is still on the server (a
   * copy goes to each). Empty: INBOX.
   */
  originFolders: z.array(z.string()),
  /**
   * False once the server's copy is gone (its Trash emptied by another program): Rapport keeps
   * its own copy until purgeAt, readable, but has nothing to move back on the server.
   */
  restorable: z.boolean()
})
export type TrashItem = z.infer<typeof TrashItem>

export const AttachmentContent = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  dataBase64: z.string()
})
export type AttachmentContent = z.infer<typeof AttachmentContent>

/** Seconds between polls of the synced folders other than INBOX (INBOX is live through IDLE). */
export const PollIntervalSeconds = z.number().int().min(30).max(3600)
