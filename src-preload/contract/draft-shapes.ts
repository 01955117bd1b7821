import { z } from 'zod'
import { Id } from './mail-shapes'
import { OutgoingAttachment } from './outbox-shapes'

// Drafts: what the composers hold, kept by the core so that a restart or a crash loses none of
// it, and put in the mailbox's Drafts folder at each sync (draft-uploader.ts).

/** What a draft may hold: as sending allows (the composers stop there too, so no save is refused). */
export const DRAFT_LIMITS = { to: 100_000, subject: 998, files: 100 } as const

/** The new message, a conversation's reply, or (asideId) an undone draft set aside beside either. */
const NewPlace = { kind: z.literal('new'), asideId: Id.optional() }
const ReplyPlace = { kind: z.literal('reply'), threadId: Id, asideId: Id.optional() }

export const DraftPlace = z.discriminatedUnion('kind', [
  z.object(NewPlace).strict(),
  z.object(ReplyPlace).strict()
])
export type DraftPlace = z.infer<typeof DraftPlace>

/**
 * Which draft a window last saw at a place: its id (never given twice) and revision (counting its
 * saves), as drafts.list or its last drafts.save gave them; null for none. Two windows (or tabs of
 * web mode) write the same places: a save or delete naming it is refused with DRAFT_CHANGED, and
 * changes nothing, once another window saved or deleted there since.
 */
export const DraftSeen = z.object({ id: Id, revision: z.number().int().positive() }).strict().nullable()
export type DraftSeen = z.infer<typeof DraftSeen>

/** What the window last saw there (`seen`); left out, the draft there is written over, whatever it is. */
const Seen = { seen: DraftSeen.optional() }

/** drafts.delete's input: the place, and what the window last saw there. */
export const DraftDelete = z.discriminatedUnion('kind', [
  z.object({ ...NewPlace, ...Seen }).strict(),
  z.object({ ...ReplyPlace, ...Seen }).strict()
])
export type DraftDelete = z.infer<typeof DraftDelete>

/** Send later as the composer's datetime-local picker gives it (local time), '' for at once. */
const SendLater = z
  .string()
  .regex(
    /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/,
    'A date and time such as 2030-01-02T09:00, or empty for at once'
  )

/**
 * One copy of another program's draft, by its place in a Drafts folder (UIDs are never given
 * twice under one UIDVALIDITY): what a draft continuing it names (server-drafts.ts).
 */
export const ServerCopy = z
  .object({ folderId: Id, uidValidity: z.number().int().nonnegative(), uid: z.number().int().positive() })
  .strict()
export type ServerCopy = z.infer<typeof ServerCopy>

const Content = {
  text: z.string().max(10_000_000),
  later: SendLater,
  /** The files, all of them (at most 25 MB in total); left out, those already kept stay. */
  attachments: z.array(OutgoingAttachment).max(DRAFT_LIMITS.files).optional(),
  /**
   * The copies of another program's draft (drafts.onServer) this one continues, on every save of
   * its text: they are deleted from the server once this draft is up there too (unless their
   * HTML has formatting the text loses, ServerDraft.losesFormatting), or a minute after no draft
   * names them (sent, or thrown away). Left out, this draft continues none.
   */
  continues: z.array(ServerCopy).max(100).optional(),
  ...Seen
}

export const DraftInput = z.discriminatedUnion('kind', [
  z
    .object({
      ...NewPlace,
      /** The From picked, or null for the default (the first mailbox). */
      accountId: Id.nullable(),
      /** As typed: it is checked when the message is sent, not while it is written. */
      to: z.string().max(DRAFT_LIMITS.to),
      /** Cc and Bcc as typed, the same way; left out, none. */
      cc: z.string().max(DRAFT_LIMITS.to).optional(),
      bcc: z.string().max(DRAFT_LIMITS.to).optional(),
      subject: z.string().max(DRAFT_LIMITS.subject),
      ...Content
    })
    .strict(),
  z
    .object({
      ...ReplyPlace,
      /**
       * The reply's own To, Cc and Bcc, as typed (one begun in another program with recipients of
       * its own, continued here); all three left out or '', the reply box chooses them, as for any
       * reply (hasOwnRecipients).
       */
      to: z.string().max(DRAFT_LIMITS.to).optional(),
      cc: z.string().max(DRAFT_LIMITS.to).optional(),
      bcc: z.string().max(DRAFT_LIMITS.to).optional(),
      /**
       * The message Reply or Reply all was on, an earlier one of the conversation, which the reply
       * answers (its In-Reply-To and subject); left out, the newest, as it is once that is gone.
       */
      answering: Id.optional(),
      /** The reply's own To and Cc are those Reply or Reply all chose, not typed ones. */
      chosen: z.boolean().optional(),
      ...Content
    })
    .strict()
])
export type DraftInput = z.infer<typeof DraftInput>

/**
 * A reply draft has recipients of its own when its To, Cc or Bcc holds something: any one of them
 * alone, as a message may go to Cc or Bcc only. Otherwise it goes to the conversation's usual ones.
 */
export function hasOwnRecipients(draft: { to?: string; cc?: string; bcc?: string }): boolean {
  return [draft.to, draft.cc, draft.bcc].some((field) => !!field?.trim())
}

export const DraftAttachmentInfo = z.object({ name: z.string(), type: z.string(), size: z.number().int() })
export type DraftAttachmentInfo = z.infer<typeof DraftAttachmentInfo>

export const Draft = z.object({
  /** Never given to another draft; with `revision`, what a save names as `seen`. */
  id: Id,
  /** Counts the saves of this draft (1 for the first). */
  revision: z.number().int().positive(),
  kind: z.enum(['new', 'reply']),
  threadId: Id.nullable(),
  asideId: Id.nullable(),
  /** The mailbox it goes from: a reply's conversation's, a new message's From (null: the default). */
  accountId: Id.nullable(),
  /** A new message's To; a reply's own To, or '' (all three '': the reply box chooses them). */
  to: z.string(),
  /** A new message's Cc; a reply's own Cc, or ''. */
  cc: z.string(),
  /** A new message's Bcc; a reply's own Bcc, or ''. */
  bcc: z.string(),
  subject: z.string(),
  text: z.string(),
  later: z.string(),
  /** The message a reply answers, as drafts.save was told; null for the newest (and a new message). */
  answering: Id.nullable(),
  /** A reply's own To and Cc were chosen by Reply or Reply all; false for a new message. */
  chosen: z.boolean(),
  updatedAt: z.iso.datetime(),
  /** Names and sizes; the bytes come with drafts.attachments. */
  attachments: z.array(DraftAttachmentInfo),
  /** The other program's copies it continues, not deleted from the server yet. */
  continues: z.array(ServerCopy)
})
export type Draft = z.infer<typeof Draft>

/** One reply draft a merge moved: the core's copy at `from` is now at `to`. */
export const DraftMove = z.object({ from: DraftPlace, to: DraftPlace })
export type DraftMove = z.infer<typeof DraftMove>

/**
 * Thread `from` was merged into `to` (by hand or by sync), its reply drafts moved as `drafts`
 * says: the windows move theirs the same way, so nothing typed since the last save is lost.
 */
export const ThreadsMerged = z.object({ from: Id, to: Id, drafts: z.array(DraftMove) })
export type ThreadsMerged = z.infer<typeof ThreadsMerged>

/**
 * A draft another mail program (a phone, webmail) keeps in a Drafts folder, which Rapport can
 * continue: drafts.save with `continues` set to its `copies`.
 */
export const ServerDraft = z.object({
  /** The message's id. */
  id: Id,
  /** Its copies in Drafts no draft continues yet: what drafts.save's `continues` names. */
  copies: z.array(ServerCopy),
  accountId: Id,
  /** The conversation it answers (its In-Reply-To is a message there); null for a new message. */
  threadId: Id.nullable(),
  /**
   * The earlier message of that conversation its In-Reply-To names, which the reply continuing it
   * answers (drafts.save `answering`); null when that is the newest, or for a new message.
   */
  answering: Id.nullable(),
  /** To and Cc as one list, to say whom it is for (Bcc is left out: the list is shown). */
  to: z.string(),
  /**
   * To, Cc and Bcc apart, as the composers take them: a new message's fields, a reply's own
   * recipients (any of the three, hasOwnRecipients).
   */
  recipients: z.object({ to: z.string(), cc: z.string(), bcc: z.string() }),
  subject: z.string(),
  text: z.string(),
  /**
   * Its HTML has formatting `text` loses (bold, links with words of their own, images, tables):
   * the UI asks before continuing it as plain text, and its copies stay in Drafts until the draft
   * continuing them is sent or thrown away.
   */
  losesFormatting: z.boolean(),
  date: z.iso.datetime(),
  /** Read with attachments.read. */
  attachments: z.array(DraftAttachmentInfo.extend({ id: Id }))
})
export type ServerDraft = z.infer<typeof ServerDraft>
