import type { CustomInboxFilter, Inbox, InboxRef } from '../../../../src-preload/contract'
import { formatLocale } from '../../i18n/regional-locale'

/** The reference `conversations.list` takes for an inbox of `inboxes.list`. */
export function inboxRef(inbox: Inbox): InboxRef {
  if (inbox.kind === 'team' && inbox.teamId) return { team: inbox.teamId }
  if (inbox.kind === 'custom' && inbox.customId) return { custom: inbox.customId }
  if (inbox.kind === 'account' && inbox.accountId !== null) return { account: inbox.accountId }
  return inbox.kind === 'team' || inbox.kind === 'custom' || inbox.kind === 'account' ? 'all' : inbox.kind
}

/** "updated 5 minutes ago" style text for a past time, in the UI language. */
export function timeAgo(iso: string, language: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  const format = new Intl.RelativeTimeFormat(formatLocale(language), { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return format.format(seconds, 'second')
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour')
  return format.format(Math.round(seconds / 86_400), 'day')
}

/**
 * What "Save view" stores: the inbox on screen (Mine, Unassigned, a team, a mailbox, or a custom inbox's
 * own filter) narrowed by the toolbar's status and Unreplied, so the new inbox holds what the
 * user was looking at rather than every conversation with that status. Not every inbox can be
 * kept: a custom inbox never holds a blocked contact's conversations, so Blocked cannot; and
 * Mine or a custom inbox whose member or filter has not loaded yet would be saved as All.
 */
export type SavedView = { filter: CustomInboxFilter } | { unavailable: 'blocked' | 'loading' }

export function savedViewFilter(
  inbox: InboxRef,
  view: { status: 'all' | 'open' | 'closed' | 'snoozed'; unreplied: boolean },
  context: { meId: string | null; customFilter: CustomInboxFilter | null }
): SavedView {
  const scope = savedScope(inbox, context)
  if ('unavailable' in scope) return scope
  return {
    filter: {
      ...scope.filter,
      ...(view.status === 'all' ? {} : { status: view.status }),
      ...(view.unreplied ? { unreplied: true } : {})
    }
  }
}

function savedScope(
  inbox: InboxRef,
  context: { meId: string | null; customFilter: CustomInboxFilter | null }
): SavedView {
  if (inbox === 'all') return { filter: {} }
  if (inbox === 'blocked') return { unavailable: 'blocked' }
  if (inbox === 'unassigned') return { filter: { assigneeIds: [null] } }
  if (inbox === 'mine')
    return context.meId ? { filter: { assigneeIds: [context.meId] } } : { unavailable: 'loading' }
  if ('team' in inbox) return { filter: { teamIds: [inbox.team] } }
  if ('account' in inbox) return { filter: { accountIds: [inbox.account] } }
  return context.customFilter ? { filter: { ...context.customFilter } } : { unavailable: 'loading' }
}
