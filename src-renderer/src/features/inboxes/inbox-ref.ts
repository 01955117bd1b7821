import type { Inbox, InboxRef } from '../../../../src-preload/contract'

/** The reference `conversations.list` takes for an inbox of `inboxes.list`. */
export function inboxRef(inbox: Inbox): InboxRef {
  if (inbox.kind === 'team' && inbox.teamId) return { team: inbox.teamId }
  if (inbox.kind === 'custom' && inbox.customId) return { custom: inbox.customId }
  return inbox.kind === 'team' || inbox.kind === 'custom' ? 'all' : inbox.kind
}

/** "updated 5 minutes ago" style text for a past time, in the UI language. */
export function timeAgo(iso: string, language: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return format.format(seconds, 'second')
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour')
  return format.format(Math.round(seconds / 86_400), 'day')
}
