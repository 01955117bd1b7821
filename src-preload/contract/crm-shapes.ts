import { z } from 'zod'
import { EmailAddress } from './email-address'
import { Id, IsoDate, ServerDeletion } from './mail-shapes'

// ---------------------------------------------------------------------------------------------
// CRM shapes: people, conversations and inboxes, contacts, leads, notifications (issue 4).

export const Uuid = z.string().min(1).max(100)
export const Name = z.string().trim().min(1).max(200)

export const Role = z.enum(['owner', 'manager', 'agent'])
/** What an agent may see: everything ("none" = no restriction), their teams', or only their own. */
export const Visibility = z.enum(['none', 'team', 'own'])
export const Member = z.object({
  id: Uuid,
  name: z.string(),
  email: z.string(),
  role: Role,
  visibility: Visibility,
  /** The person at this computer. */
  isLocal: z.boolean(),
  teamIds: z.array(Uuid)
})
export type Member = z.infer<typeof Member>
export const Team = z.object({ id: Uuid, name: z.string(), memberIds: z.array(Uuid) })
export type Team = z.infer<typeof Team>

export const ConversationStatus = z.enum(['open', 'closed', 'snoozed'])
export const InboxRef = z.union([
  z.enum(['all', 'mine', 'unassigned', 'blocked']),
  z.object({ team: Uuid }).strict(),
  z.object({ custom: Uuid }).strict(),
  /** One mailbox's conversations (listed only while there is more than one mailbox). */
  z.object({ account: Id }).strict()
])
export type InboxRef = z.infer<typeof InboxRef>
export const StatusFilter = z.enum(['all', 'open', 'closed', 'snoozed'])
/** newest/oldest by last message; longest/shortest by time in the current open/closed status. */
export const ConversationSort = z.enum(['newest', 'oldest', 'longest', 'shortest'])
export const ConversationCursor = z.object({ id: Uuid, sortKey: z.number() }).strict()

export const ConversationSummary = z.object({
  id: Uuid,
  accountId: Id,
  threadId: Id,
  contactId: Uuid.nullable(),
  contactName: z.string(),
  /**
   * Who wrote: the From name, else address, of the latest incoming message (else of the latest
   * message). Shown when there is no contact name, as for mass mail, which is logged to no contact.
   */
  sender: z.string(),
  subject: z.string(),
  status: ConversationStatus,
  assigneeId: Uuid.nullable(),
  teamId: Uuid.nullable(),
  unreadCount: z.number().int(),
  lastMessageAt: IsoDate,
  lastDirection: z.enum(['in', 'out']).nullable(),
  /** The latest message is gone from the server or marked deleted there (the row says so); else null. */
  lastMessageOnServer: ServerDeletion.nullable(),
  snoozedUntil: IsoDate.nullable(),
  /** When the current open/closed status began (kept through a snooze); null when unknown. */
  statusSince: IsoDate.nullable(),
  /** Time spent open, closed and snoozed over the conversation's life, the current status up to now. */
  durations: z
    .object({ openMs: z.number().int(), closedMs: z.number().int(), snoozedMs: z.number().int() })
    .strict(),
  /** Pass { id, sortKey } of the last row as `after` for the next page. */
  sortKey: z.number()
})
export type ConversationSummary = z.infer<typeof ConversationSummary>

export const CustomInboxFilter = z
  .object({
    status: ConversationStatus.optional(),
    /** Member ids; null means "unassigned". */
    assigneeIds: z.array(Uuid.nullable()).max(100).optional(),
    teamIds: z.array(Uuid).max(100).optional(),
    tags: z.array(z.string().max(100)).max(100).optional(),
    accountIds: z.array(Id).max(100).optional(),
    /** company, country, language, first_name, last_name, or a custom field key. */
    contactFields: z
      .array(z.object({ field: z.string().regex(/^[\w-]{1,64}$/), value: z.string().max(500) }).strict())
      .max(20)
      .optional(),
    unreplied: z.boolean().optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional()
  })
  .strict()
export type CustomInboxFilter = z.infer<typeof CustomInboxFilter>

export const Inbox = z.object({
  key: z.string(),
  kind: z.enum(['all', 'mine', 'unassigned', 'blocked', 'team', 'custom', 'account']),
  /** A mailbox's inbox: its display name, else its address. */
  name: z.string(),
  teamId: Uuid.nullable(),
  customId: Uuid.nullable(),
  accountId: Id.nullable(),
  /** A mailbox's inbox whose mailbox is kept as a read-only archive. */
  archived: z.boolean(),
  /** Open conversations (standard, team and mailbox inboxes; null for custom ones). */
  openCount: z.number().int().nullable(),
  /**
   * New mail since the inbox was last opened; of All, Mine, Unassigned and the teams only the
   * highest-priority inbox lights up, and the mailbox's own inbox too.
   */
  dot: z.boolean(),
  shared: z.boolean().nullable(),
  creatorId: Uuid.nullable(),
  /** Custom inboxes refresh by hand: "updated X ago". */
  refreshedAt: IsoDate.nullable(),
  filter: CustomInboxFilter.nullable()
})
export type Inbox = z.infer<typeof Inbox>

export const Actor = z.object({
  kind: z.enum(['user', 'rule', 'system', 'contact']),
  id: z.string().nullable()
})
/**
 * Why the core changed a conversation, as a timeline event's `data.reason` (closed, opened,
 * snoozed, woken, assign_failed); the UI has a sentence for each. Events recorded before reasons
 * were codes may hold other text, which the UI leaves out rather than show raw.
 */
export const TimelineReason = z.enum([
  'contact-blocked',
  // Mail first found in the Junk or Trash folder starts its conversation closed.
  'junk',
  'trash',
  'new-mail',
  'thread-merged',
  'owner-not-a-member',
  'member-not-found',
  'team-not-found'
])
export type TimelineReason = z.infer<typeof TimelineReason>
export const TimelineEntry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    id: z.string(),
    type: z.string(),
    actor: Actor,
    data: z.record(z.string(), z.unknown()),
    at: IsoDate
  }),
  z.object({
    kind: z.literal('comment'),
    id: z.string(),
    authorId: z.string(),
    body: z.string(),
    mentions: z.array(z.string()),
    at: IsoDate
  })
])
export type TimelineEntry = z.infer<typeof TimelineEntry>

export const Notification = z.object({
  id: Uuid,
  kind: z.enum(['mention', 'snooze-woken']),
  conversationId: Uuid.nullable(),
  commentId: Uuid.nullable(),
  /** In English (the CLI shows it); windows say it from `params` in the user's language. */
  text: z.string(),
  /** A wake-up's status; a mention's author (null: no name) and excerpt. Null before 0045. */
  params: z
    .object({ status: z.string(), author: z.string().nullable(), excerpt: z.string() })
    .partial()
    .nullable(),
  at: IsoDate,
  read: z.boolean()
})
export type Notification = z.infer<typeof Notification>

export const FieldType = z.enum(['text', 'number', 'checkbox', 'date', 'time'])
export const FieldDef = z.object({ key: z.string().regex(/^[\w-]{1,64}$/), label: Name, type: FieldType })
export const FieldValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
export const Contact = z.object({
  id: Uuid,
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  company: z.string(),
  country: z.string(),
  language: z.string(),
  ownerId: Uuid.nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), FieldValue),
  blocked: z.boolean(),
  createdAt: IsoDate
})
export type Contact = z.infer<typeof Contact>
/** How many tags a contact may hold. */
export const MAX_TAGS = 100
/** A contact's tags as the contract takes them. */
export const TagList = z.array(z.string().trim().min(1).max(100)).max(MAX_TAGS)

export const ContactFields = z
  .object({
    displayName: z.string().max(200),
    firstName: z.string().max(200),
    lastName: z.string().max(200),
    // The same check as sending (a contact made from mail from müller.de or first=last@ is kept).
    emails: z.array(EmailAddress).max(50),
    phones: z.array(z.string().max(50)).max(50),
    company: z.string().max(200),
    country: z.string().max(100),
    language: z.string().max(50),
    ownerId: Uuid.nullable(),
    tags: TagList,
    customFields: z.record(z.string(), FieldValue)
  })
  .partial()
  .strict()
export const ContactFormat = z.enum(['csv', 'vcard'])

/**
 * The pipeline a workspace starts with. Stages are stored by these English names, which teammates
 * in other UI languages share, so the renderer shows exactly these names translated and never
 * rewrites them (`crm.stage.<name>`).
 */
export const DEFAULT_LEAD_STAGES = ['New', 'Qualified', 'Proposal', 'Won', 'Lost'] as const

export const Lead = z.object({
  id: Uuid,
  title: z.string(),
  stage: z.string(),
  value: z.number(),
  ownerId: Uuid.nullable(),
  contactIds: z.array(Uuid),
  conversationIds: z.array(Uuid),
  createdAt: IsoDate
})
export type Lead = z.infer<typeof Lead>
export const LeadFields = z
  .object({
    title: Name,
    stage: z.string().max(100),
    value: z.number().finite(),
    ownerId: Uuid.nullable(),
    contactIds: z.array(Uuid).max(100),
    conversationIds: z.array(Uuid).max(100)
  })
  .partial()
  .strict()

export const ConversationTarget = z.object({ conversationId: Uuid }).strict()
export const ContactTarget = z.object({ contactId: Uuid }).strict()
