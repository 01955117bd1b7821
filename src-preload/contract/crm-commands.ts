import { z } from 'zod'
import {
  Contact,
  ContactFields,
  ContactFormat,
  ContactTarget,
  ConversationCursor,
  ConversationSort,
  ConversationSummary,
  ConversationTarget,
  CustomInboxFilter,
  FieldDef,
  Inbox,
  InboxRef,
  Lead,
  LeadFields,
  Member,
  Name,
  Notification,
  Role,
  StatusFilter,
  TagList,
  Team,
  TimelineEntry,
  Uuid,
  Visibility
} from './crm-shapes'
import { EmailAddress } from './email-address'
import { Empty, Id, IsoDate } from './mail-shapes'

// Commands for the CRM (issue 4): people, conversations, inboxes, notifications, contacts,
// leads and threading controls. The acting member is the local user.

export const crmCommands = {
  'members.list': { input: Empty, output: z.array(Member) },
  'members.add': {
    input: z
      .object({
        name: Name,
        email: EmailAddress,
        role: z.enum(['manager', 'agent']),
        visibility: Visibility.optional(),
        teamIds: z.array(Uuid).max(100).optional()
      })
      .strict(),
    output: Member
  },
  'members.update': {
    input: z
      .object({
        memberId: Uuid,
        name: z.string().max(200).optional(),
        email: EmailAddress.optional(),
        role: Role.optional(),
        visibility: Visibility.optional(),
        teamIds: z.array(Uuid).max(100).optional()
      })
      .strict(),
    output: Member
  },
  'teams.list': { input: Empty, output: z.array(Team) },
  'teams.add': {
    input: z.object({ name: Name, memberIds: z.array(Uuid).max(1000).optional() }).strict(),
    output: Team
  },
  'teams.addMember': { input: z.object({ teamId: Uuid, memberId: Uuid }).strict(), output: Team },
  'teams.removeMember': { input: z.object({ teamId: Uuid, memberId: Uuid }).strict(), output: Team },
  'conversations.list': {
    input: z
      .object({
        inbox: InboxRef,
        status: StatusFilter.default('all'),
        /** Only conversations whose latest message is incoming. */
        unreplied: z.boolean().default(false),
        sort: ConversationSort.default('newest'),
        /** Keyset paging: id and sortKey of the last row of the previous page. */
        after: ConversationCursor.optional(),
        limit: z.number().int().min(1).max(500).default(50)
      })
      .strict(),
    output: z.array(ConversationSummary)
  },
  'conversations.get': { input: ConversationTarget, output: ConversationSummary },
  /** The conversation of a thread, for views that start from a thread (search results). */
  'conversations.ofThread': { input: z.object({ threadId: Id }).strict(), output: ConversationSummary },
  'conversations.close': { input: ConversationTarget, output: ConversationSummary },
  'conversations.open': { input: ConversationTarget, output: ConversationSummary },
  /** To a member (null: nobody) and a team (null: none); either left out stays as it is. */
  'conversations.assign': {
    input: z
      .object({
        conversationId: Uuid,
        memberId: Uuid.nullable().optional(),
        teamId: Uuid.nullable().optional()
      })
      .strict(),
    output: ConversationSummary
  },
  /**
   * 1h, 3h, tomorrow 09:00, next Monday 09:00, or a custom time. 09:00 is in `timeZone` (an IANA
   * name, the user's: a window sends its own), else in the core's local time (the CLI).
   */
  'conversations.snooze': {
    input: z
      .object({
        conversationId: Uuid,
        preset: z.enum(['1h', '3h', 'tomorrow', 'next-monday']).optional(),
        until: IsoDate.optional(),
        timeZone: z.string().min(1).max(100).optional()
      })
      .strict()
      .refine((v) => (v.preset === undefined) !== (v.until === undefined), {
        message: 'Give either a preset or a time to snooze until.',
        path: ['preset']
      }),
    output: ConversationSummary
  },
  'conversations.unsnooze': { input: ConversationTarget, output: ConversationSummary },
  /** Events and internal comments, oldest first. */
  'conversations.timeline': { input: ConversationTarget, output: z.array(TimelineEntry) },
  /** An internal comment: never sent to the contact. Mentions notify those members. */
  'conversations.comment': {
    input: z
      .object({
        conversationId: Uuid,
        body: z.string().trim().min(1).max(20_000),
        mentions: z.array(Uuid).max(100).optional()
      })
      .strict(),
    output: TimelineEntry
  },
  'inboxes.list': { input: Empty, output: z.array(Inbox) },
  /** The user opened this inbox: clears its new-message dot. */
  'inboxes.markSeen': {
    input: z.object({ inbox: InboxRef }).strict(),
    output: z.object({ ok: z.boolean() })
  },
  'inboxes.createCustom': {
    input: z.object({ name: Name, shared: z.boolean().default(false), filter: CustomInboxFilter }).strict(),
    output: Inbox
  },
  'inboxes.updateCustom': {
    input: z
      .object({
        inboxId: Uuid,
        name: Name.optional(),
        shared: z.boolean().optional(),
        filter: CustomInboxFilter.optional()
      })
      .strict(),
    output: Inbox
  },
  'inboxes.deleteCustom': {
    input: z.object({ inboxId: Uuid }).strict(),
    output: z.object({ removed: z.boolean() })
  },
  /** Undoes inboxes.deleteCustom: the inbox comes back under its id, as its creator left it. */
  'inboxes.restoreCustom': { input: z.object({ inboxId: Uuid }).strict(), output: Inbox },
  'inboxes.refreshCustom': { input: z.object({ inboxId: Uuid }).strict(), output: Inbox },
  'notifications.list': {
    input: z.object({ unreadOnly: z.boolean().optional() }).strict(),
    output: z.array(Notification)
  },
  /** How many of the local user's notifications are unread (the bell's count; the list stops at 200). */
  'notifications.unreadCount': { input: Empty, output: z.object({ unread: z.number().int() }) },
  /**
   * The local user's unread notifications of the workspace shown that no window has popped up on
   * the desktop yet (newest first, at most 5), now counted as popped up: a window shows what this
   * returns, when it starts and on each `notification` event, so each pops up once, also one
   * created while no window was open (a snooze that ran out while Rapport was closed).
   */
  'notifications.announce': { input: Empty, output: z.array(Notification) },
  /** Marks the given notifications read, or all of them without ids. */
  'notifications.markRead': {
    input: z.object({ ids: z.array(Uuid).max(1000).optional() }).strict(),
    output: z.object({ changed: z.number().int() })
  },
  'contacts.list': {
    input: z
      .object({
        search: z.string().max(200).optional(),
        tag: z.string().max(100).optional(),
        blocked: z.boolean().optional(),
        afterId: Uuid.optional(),
        limit: z.number().int().min(1).max(1000).default(100)
      })
      .strict(),
    output: z.array(Contact)
  },
  'contacts.get': { input: ContactTarget, output: Contact },
  /** The live contact this one is, or was merged into: null when it is gone otherwise. */
  'contacts.resolve': { input: ContactTarget, output: z.object({ contactId: Uuid.nullable() }) },
  'contacts.create': { input: ContactFields, output: Contact },
  /**
   * `tags` replaces the whole list; `addTags` / `removeTags` change only the tags named, so a tag
   * another window added meanwhile stays (the drawer's tag box and its × use these).
   */
  'contacts.update': {
    input: ContactFields.extend({
      contactId: Uuid,
      addTags: TagList.optional(),
      removeTags: TagList.optional()
    }).strict(),
    output: Contact
  },
  'contacts.block': { input: ContactTarget, output: Contact },
  'contacts.unblock': { input: ContactTarget, output: Contact },
  'contacts.timeline': { input: ContactTarget, output: z.array(TimelineEntry) },
  /** Other contacts with the same email (ignoring +tags) or the same phone. */
  'contacts.mergeSuggestions': {
    input: ContactTarget,
    output: z.array(z.object({ contact: Contact, reason: z.enum(['email', 'phone']) }))
  },
  'contacts.merge': {
    input: z.object({ survivorId: Uuid, mergedId: Uuid }).strict(),
    output: z.object({ mergeId: Uuid, contact: Contact })
  },
  'contacts.unmerge': {
    input: z.object({ mergeId: Uuid }).strict(),
    output: z.object({ survivor: Contact, restored: Contact })
  },
  'contacts.import': {
    input: z.object({ format: ContactFormat, data: z.string().max(50_000_000) }).strict(),
    output: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      /** Why each skipped row or card was skipped, e.g. `Row 3: "not-an-email" is not an email address.` */
      problems: z.array(z.string())
    })
  },
  'contacts.export': {
    input: z.object({ format: ContactFormat }).strict(),
    output: z.object({ data: z.string() })
  },
  'contacts.fields': { input: Empty, output: z.array(FieldDef) },
  'contacts.defineField': { input: FieldDef.strict(), output: z.array(FieldDef) },
  'leads.list': {
    input: z
      .object({
        stage: z.string().max(100).optional(),
        contactId: Uuid.optional(),
        conversationId: Uuid.optional()
      })
      .strict(),
    output: z.array(Lead)
  },
  'leads.create': { input: LeadFields.required({ title: true }), output: Lead },
  'leads.update': { input: LeadFields.extend({ leadId: Uuid }).strict(), output: Lead },
  'leads.delete': { input: z.object({ leadId: Uuid }).strict(), output: z.object({ removed: z.boolean() }) },
  /** Undoes leads.delete: the lead comes back as it was, with its links. */
  'leads.restore': { input: z.object({ leadId: Uuid }).strict(), output: Lead },
  'leads.stages': { input: Empty, output: z.array(z.string()) },
  'leads.setStages': {
    input: z.object({ stages: z.array(z.string().trim().min(1).max(100)).min(1).max(50) }).strict(),
    output: z.array(z.string())
  },
  /** Moves one message into a thread of its own (kept across re-sync). */
  'threads.split': {
    input: z.object({ messageId: Id }).strict(),
    output: z.object({ fromThreadId: Id, toThreadId: Id })
  },
  /** Moves every message of threadId into intoThreadId (kept across re-sync). */
  'threads.merge': {
    input: z.object({ threadId: Id, intoThreadId: Id }).strict(),
    output: z.object({ threadId: Id })
  },
  /** Per-mailbox threading switch; off makes each new message its own thread. */
  'accounts.setThreading': {
    input: z.object({ accountId: Id, enabled: z.boolean() }).strict(),
    output: z.object({ accountId: Id, enabled: z.boolean() })
  }
} as const
