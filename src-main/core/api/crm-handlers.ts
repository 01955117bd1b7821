import type {
  Contact as ContactDto,
  Inbox,
  TimelineEntry as TimelineDto
} from '../../../src-preload/contract'
import type { Core } from '../core'
import type { Contact } from '../crm/contact-repository'
import type { ConversationListRow } from '../crm/conversation-list'
import type { CustomFilter, CustomInbox } from '../crm/custom-inboxes'
import { customInboxEntry, type InboxEntry, type TimelineEntry } from '../crm/crm-services'
import type { Lead } from '../crm/lead-repository'
import type { Notification } from '../crm/notification-center'
import { zoneFormat } from '../crm/snooze-times'
import { CoreError } from '../errors'
import type { Handlers } from './handlers'

const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms ? iso(ms) : null)
const ms = (value: string, field: string) => {
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw new CoreError('INVALID_INPUT', `${field} must be a date and time.`, field)
  return t
}

export const toSummary = (r: ConversationListRow) => ({
  ...r,
  lastMessageAt: iso(r.lastMessageAt),
  snoozedUntil: isoOrNull(r.snoozedUntil),
  statusSince: isoOrNull(r.statusSince)
})
const toContact = (c: Contact): ContactDto => ({ ...c, createdAt: iso(c.createdAt) })
const toLead = (l: Lead) => ({ ...l, createdAt: iso(l.createdAt) })
export const toNotification = (n: Notification) => {
  const { memberId: _member, ...rest } = n
  return { ...rest, at: iso(n.at) }
}
const toEntry = (e: TimelineEntry): TimelineDto =>
  e.kind === 'event'
    ? { kind: 'event', id: e.id, type: e.type, actor: e.actor, data: e.data, at: iso(e.at) }
    : { kind: 'comment', id: e.id, authorId: e.authorId, body: e.body, mentions: e.mentions, at: iso(e.at) }
const toInbox = (e: InboxEntry, filter: CustomFilter | null = null): Inbox => ({
  ...e,
  refreshedAt: isoOrNull(e.refreshedAt),
  filter: filter ? filterToDto(filter) : null
})
const filterToDto = (f: CustomFilter) => ({
  ...f,
  from: f.from === undefined ? undefined : iso(f.from),
  to: f.to === undefined ? undefined : iso(f.to)
})
const filterFromDto = (
  f: { from?: string; to?: string } & Omit<CustomFilter, 'from' | 'to'>
): CustomFilter => ({
  ...f,
  from: f.from === undefined ? undefined : ms(f.from, 'filter.from'),
  to: f.to === undefined ? undefined : ms(f.to, 'filter.to')
})
const customEntry = (c: CustomInbox): Inbox => toInbox(customInboxEntry(c), c.filter)

/** The CRM part of the contract. The acting member is the local user. */
export function createCrmHandlers(core: Core) {
  const crm = () => core.workspace.crm
  const me = () => crm().people.localId
  const user = () => ({ kind: 'user' as const, id: me() })
  const changed = (tables: string[], ids: Array<string | number>) =>
    core.events.emit('changed', { tables, ids })
  const summary = (id: string) => {
    const row = crm().list.one(id)
    if (!row) throw new CoreError('NOT_FOUND', `There is no conversation with id ${id}.`)
    return toSummary(row)
  }
  const acted = (id: string) => {
    changed(['conversations', 'events'], [id])
    return summary(id)
  }

  return {
    'members.list': () => crm().people.list(),
    'members.add': (input) => {
      const member = crm().people.add(input)
      changed(['members'], [member.id])
      return member
    },
    'members.update': ({ memberId, ...patch }) => {
      const member = crm().people.update(memberId, patch)
      changed(['members'], [member.id])
      return member
    },
    'teams.list': () => crm().people.listTeams(),
    'teams.add': ({ name, memberIds }) => {
      const team = crm().people.addTeam(name, memberIds)
      changed(['teams'], [team.id])
      return team
    },
    'teams.addMember': ({ teamId, memberId }) => {
      crm().people.addMembership(teamId, memberId)
      changed(['teams', 'members'], [teamId])
      return crm()
        .people.listTeams()
        .find((t) => t.id === teamId)!
    },
    'teams.removeMember': ({ teamId, memberId }) => {
      crm().people.removeMembership(teamId, memberId)
      changed(['teams', 'members'], [teamId])
      const team = crm()
        .people.listTeams()
        .find((t) => t.id === teamId)
      if (!team) throw new CoreError('NOT_FOUND', `There is no team with id ${teamId}.`)
      return team
    },
    'conversations.list': (input) => crm().listConversations(input).map(toSummary),
    'conversations.get': ({ conversationId }) => summary(conversationId),
    'conversations.ofThread': ({ threadId }) => {
      const row = crm().state.ofThread(threadId)
      if (!row) throw new CoreError('NOT_FOUND', `Thread ${threadId} has no conversation.`, 'threadId')
      return summary(row.id)
    },
    'conversations.close': ({ conversationId }) => {
      crm().conversations.close(conversationId)
      return acted(conversationId)
    },
    'conversations.open': ({ conversationId }) => {
      crm().conversations.open(conversationId)
      return acted(conversationId)
    },
    'conversations.assign': ({ conversationId, memberId, teamId }) => {
      crm().conversations.assign(conversationId, { memberId, teamId })
      return acted(conversationId)
    },
    'conversations.snooze': ({ conversationId, preset, until, timeZone }) => {
      if (timeZone !== undefined) zoneFormat(timeZone)
      crm().conversations.snooze(
        conversationId,
        preset ? { preset, timeZone } : { until: ms(until!, 'until') }
      )
      return acted(conversationId)
    },
    'conversations.unsnooze': ({ conversationId }) => {
      crm().conversations.unsnooze(conversationId)
      return acted(conversationId)
    },
    'conversations.timeline': ({ conversationId }) => crm().conversationTimeline(conversationId).map(toEntry),
    'conversations.comment': ({ conversationId, body, mentions }) => {
      const comment = crm().comments.add(conversationId, me(), body, mentions)
      changed(['comments', 'notifications'], [conversationId])
      return toEntry({ kind: 'comment', ...comment })
    },
    'inboxes.list': () =>
      crm()
        .inboxes()
        .map((e) => toInbox(e, e.customId ? crm().customInboxes.get(e.customId, me()).filter : null)),
    'inboxes.markSeen': ({ inbox }) => {
      crm().marks.markSeen(me(), inbox)
      changed(['inboxes'], [])
      return { ok: true }
    },
    // Custom inboxes change only by hand, so each change is announced for the sidebar and list.
    'inboxes.createCustom': ({ name, shared, filter }) => {
      const inbox = customEntry(
        crm().customInboxes.create(me(), { name, shared, filter: filterFromDto(filter) })
      )
      changed(['inboxes'], [inbox.key])
      return inbox
    },
    'inboxes.updateCustom': ({ inboxId, filter, ...patch }) => {
      const inbox = customEntry(
        crm().customInboxes.update(inboxId, me(), {
          ...patch,
          ...(filter ? { filter: filterFromDto(filter) } : {})
        })
      )
      changed(['inboxes', 'conversations'], [inbox.key])
      return inbox
    },
    'inboxes.deleteCustom': ({ inboxId }) => {
      crm().customInboxes.remove(inboxId, me())
      changed(['inboxes'], [inboxId])
      return { removed: true }
    },
    'inboxes.restoreCustom': ({ inboxId }) => {
      const inbox = customEntry(crm().customInboxes.restore(inboxId, me()))
      changed(['inboxes', 'conversations'], [inbox.key])
      return inbox
    },
    'inboxes.refreshCustom': ({ inboxId }) => {
      const inbox = customEntry(crm().customInboxes.refresh(inboxId, me()))
      changed(['inboxes', 'conversations'], [inbox.key])
      return inbox
    },
    'notifications.list': ({ unreadOnly }) => crm().notifications.list(me(), unreadOnly).map(toNotification),
    'notifications.unreadCount': () => ({ unread: crm().notifications.unreadCount(me()) }),
    'notifications.announce': () => crm().notifications.takeUnannounced(me()).map(toNotification),
    'notifications.markRead': ({ ids }) => {
      const count = crm().notifications.markRead(me(), ids)
      changed(['notifications'], ids ?? [])
      return { changed: count }
    },
    'contacts.list': (input) => crm().contacts.list(input).map(toContact),
    'contacts.get': ({ contactId }) => toContact(crm().contacts.get(contactId)),
    'contacts.resolve': ({ contactId }) => ({ contactId: crm().merge.survivorOf(contactId) }),
    'contacts.create': (input) => {
      const contact = crm().contacts.create(input, me())
      changed(['contacts'], [contact.id])
      return toContact(contact)
    },
    'contacts.update': ({ contactId, ...patch }) => {
      const contact = crm().contacts.update(contactId, patch, me())
      changed(['contacts'], [contactId])
      return toContact(contact)
    },
    'contacts.block': ({ contactId }) => {
      const ids = crm().blocking.block(contactId, user())
      changed(['contacts', 'conversations', 'events'], [contactId, ...ids])
      return toContact(crm().contacts.get(contactId))
    },
    'contacts.unblock': ({ contactId }) => {
      const ids = crm().blocking.unblock(contactId, user())
      changed(['contacts', 'conversations', 'events'], [contactId, ...ids])
      return toContact(crm().contacts.get(contactId))
    },
    'contacts.timeline': ({ contactId }) =>
      crm()
        .timeline.forContact(contactId)
        .map((e) => toEntry({ kind: 'event', ...e })),
    'contacts.mergeSuggestions': ({ contactId }) =>
      crm()
        .merge.suggestions(contactId)
        .map((s) => ({ contact: toContact(s.contact), reason: s.reason })),
    'contacts.merge': ({ survivorId, mergedId }) => {
      const result = crm().merge.merge(survivorId, mergedId, user())
      // The merged contact's leads and history move too: the drawer's Leads list re-queries on leads.
      changed(['contacts', 'conversations', 'messages', 'leads', 'events'], [survivorId, mergedId])
      return { mergeId: result.mergeId, contact: toContact(result.contact) }
    },
    'contacts.unmerge': ({ mergeId }) => {
      const result = crm().merge.unmerge(mergeId, user())
      changed(
        ['contacts', 'conversations', 'messages', 'leads', 'events'],
        [result.survivor.id, result.restored.id]
      )
      return { survivor: toContact(result.survivor), restored: toContact(result.restored) }
    },
    'contacts.import': ({ format, data }) => {
      const result = crm().io.import(format, data, me())
      changed(['contacts'], [])
      return result
    },
    'contacts.export': ({ format }) => ({ data: crm().io.export(format) }),
    'contacts.fields': () => crm().contacts.fieldDefs(),
    'contacts.defineField': (def) => {
      const defs = crm().contacts.defineField(def)
      // Every open contact drawer shows the new field at once.
      changed(['fields'], [def.key])
      return defs
    },
    'leads.list': (filter) => crm().leads.list(filter).map(toLead),
    'leads.create': (input) => {
      const lead = crm().leadChanges.create(input, user())
      changed(['leads', 'events'], [lead.id])
      return toLead(lead)
    },
    'leads.update': ({ leadId, ...patch }) => {
      const lead = crm().leadChanges.update(leadId, patch, user())
      changed(['leads', 'events'], [leadId])
      return toLead(lead)
    },
    'leads.delete': ({ leadId }) => {
      crm().leadChanges.remove(leadId, user())
      changed(['leads', 'events'], [leadId])
      return { removed: true }
    },
    'leads.restore': ({ leadId }) => {
      const lead = crm().leadChanges.restore(leadId, user())
      changed(['leads', 'events'], [leadId])
      return toLead(lead)
    },
    'leads.stages': () => crm().leads.stages(),
    'leads.setStages': ({ stages }) => {
      const saved = crm().leads.setStages(stages)
      // Stage pickers in open drawers and the settings list follow the new pipeline, and leads
      // follow a stage renamed in place.
      changed(['stages', 'leads'], [])
      return saved
    },
    'threads.split': ({ messageId }) => {
      const result = crm().splitMessage(messageId)
      changed(['threads', 'messages', 'conversations'], [result.fromThreadId, result.toThreadId])
      return result
    },
    'threads.merge': ({ threadId, intoThreadId }) => {
      crm().mergeThreads(intoThreadId, threadId)
      // Its reply drafts moved with it, announced with their places by threads.merged.
      changed(['threads', 'messages', 'conversations'], [intoThreadId, threadId])
      return { threadId: intoThreadId }
    },
    'accounts.setThreading': ({ accountId, enabled }) => {
      crm().threads.setThreading(accountId, enabled)
      changed(['accounts'], [accountId])
      return { accountId, enabled }
    }
  } satisfies Partial<Handlers>
}
