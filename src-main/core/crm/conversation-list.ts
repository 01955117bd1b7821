import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import { CoreError } from '../errors'
import type { Member } from '../people/people-repository'
import { serverDeletion, serverDeletionColumns, type ServerDeletionRow } from '../queries/server-deletion'
import type { ServerDeletion } from '../../../src-preload/contract'
import { statusDurations, type DurationColumns, type StatusDurations } from './conversation-state'
import type { InboxRef } from './inbox-access'

export type StatusFilter = 'all' | 'open' | 'closed' | 'snoozed'
export type SortOrder = 'newest' | 'oldest' | 'longest' | 'shortest'
export type ListCursor = { id: string; sortKey: number }

export type ListQuery = {
  inbox: InboxRef
  status: StatusFilter
  unreplied: boolean
  sort: SortOrder
  after?: ListCursor
  limit: number
}

export type ConversationListRow = {
  id: string
  accountId: number
  threadId: number
  contactId: string | null
  contactName: string
  /** From name, else address, of the latest incoming (else latest) message: shown without a contact. */
  sender: string
  subject: string
  status: 'open' | 'closed' | 'snoozed'
  assigneeId: string | null
  teamId: string | null
  unreadCount: number
  lastMessageAt: number
  lastDirection: 'in' | 'out' | null
  lastMessageOnServer: ServerDeletion | null
  snoozedUntil: number | null
  statusSince: number
  durations: StatusDurations
  sortKey: number
}

// Newest/oldest by last message; longest/shortest by when the current open/closed status began
// (kept through a snooze). status_since = 0 means "no data": first under longest, last under shortest.
const SORTS: Record<SortOrder, { column: string; dir: 'ASC' | 'DESC' }> = {
  newest: { column: 'last_message_at', dir: 'DESC' },
  oldest: { column: 'last_message_at', dir: 'ASC' },
  longest: { column: 'status_since', dir: 'ASC' },
  shortest: { column: 'status_since', dir: 'DESC' }
}

// A page's rows in full. The latest message (the row's time and direction) is read by primary key
// for whether the server still has it: a few index probes per row of the page, never a scan.
const ROW_SELECT = `SELECT c.id, c.account_id, c.thread_id, c.contact_id, c.status, c.assignee_id, c.team_id,
    c.unread_count, c.last_message_at, c.last_direction, c.snoozed_until, c.status_since, c.sender, t.subject,
    c.status_changed_at, c.open_ms, c.closed_ms, c.snoozed_ms,
    coalesce(nullif(k.display_name, ''), trim(k.first_name || ' ' || k.last_name), '') AS contact_name,
    lm.deleted_on_server, ${serverDeletionColumns('lm')}
  FROM conversations c JOIN threads t ON t.id = c.thread_id LEFT JOIN contacts k ON k.id = c.contact_id
    LEFT JOIN messages lm ON lm.id = t.last_message_pk`

/**
 * The inbox list: one keyset-paged query per page, shaped so each (inbox, status, sort) maps to
 * one of the conv_* indexes (a mailbox's inbox to conv_account_*), which also hold
 * last_direction so "unreplied" needs no row lookup.
 * Ids come from the index first; only the page's rows are then read in full.
 */
export class ConversationList {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock
  ) {}

  /** The SQL and parameters of the id query, exposed for EXPLAIN QUERY PLAN tests. */
  static idQuery(query: ListQuery, viewer: Member): { sql: string; params: unknown[] } {
    const where = ['c.deleted = 0']
    const params: unknown[] = []
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql)
      params.push(...values)
    }
    const inbox = query.inbox
    if (inbox === 'mine') add('c.assignee_id = ?', viewer.id)
    if (inbox === 'unassigned') where.push('c.assignee_id IS NULL')
    if (typeof inbox === 'object' && 'team' in inbox) add('c.team_id = ?', inbox.team)
    if (typeof inbox === 'object' && 'account' in inbox) add('c.account_id = ?', inbox.account)
    where.push(`c.blocked = ${inbox === 'blocked' ? 1 : 0}`)
    if (query.status !== 'all') add('c.status = ?', query.status)
    if (query.unreplied) where.push("c.last_direction = 'in'")
    if (typeof inbox === 'object' && 'custom' in inbox) {
      where.push('c.id IN (SELECT conversation_id FROM custom_inbox_items WHERE inbox_id = ?)')
      params.push(inbox.custom)
    }
    const restriction = visibilityClause(viewer)
    if (restriction && inbox !== 'mine' && !(typeof inbox === 'object' && 'team' in inbox)) {
      where.push(restriction.sql)
      params.push(...restriction.params)
    }
    const { column, dir } = SORTS[query.sort]
    if (query.after) {
      where.push(`(c.${column}, c.id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`)
      params.push(query.after.sortKey, query.after.id)
    }
    const sql = `SELECT c.id FROM conversations c WHERE ${where.join(' AND ')}
      ORDER BY c.${column} ${dir}, c.id ${dir} LIMIT ?`
    return { sql, params: [...params, query.limit] }
  }

  /** The SQL of the page's rows (parameter: the ids as a JSON array), for EXPLAIN QUERY PLAN tests. */
  static readonly rowsQuery = `${ROW_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`

  list(query: ListQuery, viewer: Member): ConversationListRow[] {
    const { sql, params } = ConversationList.idQuery(query, viewer)
    const ids = (this.db.prepare(sql).all(...params) as Array<{ id: string }>).map((r) => r.id)
    if (ids.length === 0) return []
    const rows = this.db.prepare(ConversationList.rowsQuery).all(JSON.stringify(ids)) as Row[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    const sortColumn = SORTS[query.sort].column
    const now = this.clock.now()
    return ids.map((id) => toListRow(byId.get(id)!, sortColumn, now))
  }

  /** Open conversations in an inbox (the sidebar count). */
  openCount(inbox: Exclude<InboxRef, { custom: string }>, viewer: Member): number {
    const where = ['c.deleted = 0', "c.status = 'open'", `c.blocked = ${inbox === 'blocked' ? 1 : 0}`]
    const params: unknown[] = []
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql)
      params.push(...values)
    }
    if (inbox === 'mine') add('c.assignee_id = ?', viewer.id)
    if (inbox === 'unassigned') where.push('c.assignee_id IS NULL')
    if (typeof inbox === 'object' && 'team' in inbox) add('c.team_id = ?', inbox.team)
    if (typeof inbox === 'object' && 'account' in inbox) add('c.account_id = ?', inbox.account)
    const row = this.db
      .prepare(`SELECT count(*) AS n FROM conversations c WHERE ${where.join(' AND ')}`)
      .get(...params) as { n: number }
    return row.n
  }

  /** One conversation in list shape (what the quick actions return). */
  one(id: string): ConversationListRow | null {
    const row = this.db
      .prepare(
        `${ROW_SELECT}
         WHERE c.id = ? AND c.deleted = 0`
      )
      .get(id) as Row | undefined
    return row ? toListRow(row, 'last_message_at', this.clock.now()) : null
  }

  hasBlocked(): boolean {
    return !!this.db.prepare('SELECT 1 FROM contacts WHERE blocked = 1 AND deleted = 0 LIMIT 1').get()
  }
}

type Row = DurationColumns &
  ServerDeletionRow & {
    id: string
    account_id: number
    thread_id: number
    contact_id: string | null
    assignee_id: string | null
    team_id: string | null
    unread_count: number
    last_message_at: number
    last_direction: 'in' | 'out' | null
    snoozed_until: number | null
    status_since: number
    sender: string
    subject: string
    contact_name: string
  }

function toListRow(r: Row, sortColumn: string, now: number): ConversationListRow {
  return {
    id: r.id,
    accountId: r.account_id,
    threadId: r.thread_id,
    contactId: r.contact_id,
    contactName: r.contact_name,
    sender: r.sender,
    subject: r.subject,
    status: r.status,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    unreadCount: r.unread_count,
    lastMessageAt: r.last_message_at,
    lastDirection: r.last_direction,
    lastMessageOnServer: serverDeletion(r),
    snoozedUntil: r.snoozed_until,
    statusSince: r.status_since,
    durations: statusDurations(r, now),
    sortKey: sortColumn === 'status_since' ? r.status_since : r.last_message_at
  }
}

/** For restricted agents: only their own conversations, or also their teams'. */
function visibilityClause(viewer: Member): { sql: string; params: unknown[] } | null {
  if (viewer.role !== 'agent' || viewer.visibility === 'none') return null
  if (viewer.visibility === 'own') return { sql: 'c.assignee_id = ?', params: [viewer.id] }
  return {
    sql: `(c.assignee_id = ? OR c.team_id IN (SELECT value FROM json_each(?)))`,
    params: [viewer.id, JSON.stringify(viewer.teamIds)]
  }
}

export function assertLimit(limit: number): void {
  if (limit < 1 || limit > 500) throw new CoreError('INVALID_INPUT', 'limit must be 1 to 500.', 'limit')
}
