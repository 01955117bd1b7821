import { z } from 'zod'
import { DraftPlace, DraftInput, DraftDelete, Draft, ServerDraft } from './draft-shapes'
import { Empty } from './mail-shapes'
import { OutgoingAttachment } from './outbox-shapes'

// Drafts, saved by the composers as they are written and read back at start. A place holds one
// draft: saving there again replaces it.
export const draftCommands = {
  'drafts.list': { input: Empty, output: z.array(Draft) },
  /**
   * Keeps the draft at its place; ATTACHMENT_TOO_LARGE (nothing saved) over 25 MB of files, and
   * DRAFT_CHANGED (nothing saved) when another window saved or deleted there since `seen`.
   */
  'drafts.save': { input: DraftInput, output: Draft },
  /** The bytes of a draft's files, in order, as outbox.send takes them. */
  'drafts.attachments': { input: DraftPlace, output: z.array(OutgoingAttachment) },
  /** Sent, or emptied: the draft is no longer kept; DRAFT_CHANGED (kept) as for drafts.save. */
  'drafts.delete': { input: DraftDelete, output: z.object({ deleted: z.boolean() }) },
  /** Drafts other mail programs keep in the synced Drafts folders, newest first. */
  'drafts.onServer': { input: Empty, output: z.array(ServerDraft) }
} as const
