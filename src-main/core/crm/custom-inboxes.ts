import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'

export type CustomFilter = {
  status?: 'open' | 'closed' | 'snoozed'
  /** Member ids; null stands for "unassigned". */
  assigneeIds?: Array<string | null>
  teamIds?: string[]
  /** Contact tags: any of them. */
  tags?: string[]
  /** Mailboxes (account ids). */
  accountIds?: number[]
  /** Contact fields: company, country, language, or a custom field key; equal, case-insensitive. */
  contactFields?: Array<{ field: string; value: string }>
  unreplied?: boolean
  /** Last message between these times (ms). */
  from?: number
  to?: number
}

export type CustomInbox = {
  id: string
  name: string
  creatorId: string
  shared: boolean
  filter: CustomFilter
  refreshedAt: number
}

type Row = {
  id: string
  name: string
  creator_id: string
  shared: number
  filter_json: string
  refreshed_at: number
}
const toInbox = (r: Row): CustomInbox => ({
  id: r.id,
  name: r.name,
  creatorId: r.creator_id,
  shared: r.shared === 1,
  filter: JSON.parse(r.filter_json) as CustomFilter,
  refreshedAt: r.refreshed_at
})

const CONTACT_COLUMNS = new Set(['company', 'country', 'language', 'first_name', 'last_name'])

/**
 * Saved filters. Private ones are seen by their creator only, shared ones by everyone; only the
 * creator edits either. They refresh by hand: `refresh` stores the matching conversations, so
 * the list stays put until the user asks ("updated X ago" comes from refreshedAt).
 */
export class CustomInboxes {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock
  ) {}

  listFor(memberId: string): CustomInbox[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM custom_inboxes WHERE deleted = 0 AND (shared = 1 OR creator_id = ?) ORDER BY name, id'
      )
      .all(memberId) as Row[]
    return rows.map(toInbox)
  }

  get(id: string, memberId: string): CustomInbox {
    const inbox = this.listFor(memberId).find((i) => i.id === id)
    if (!inbox) throw new CoreError('NOT_FOUND', `There is no custom inbox with id ${id}.`)
    return inbox
  }

  create(memberId: string, input: { name: string; shared: boolean; filter: CustomFilter }): CustomInbox {
    const id = randomUUID()
    const now = this.clock.now()
    this.db
      .prepare(
        `INSERT INTO custom_inboxes (id, name, creator_id, shared, filter_json, refreshed_at, created_at, hlc, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        id,
        input.name,
        memberId,
        input.shared ? 1 : 0,
        JSON.stringify(input.filter),
        now,
        now,
        this.hlc.tick(),
        memberId
      )
    return this.refresh(id, memberId)
  }

  update(
    id: string,
    memberId: string,
    patch: { name?: string; shared?: boolean; filter?: CustomFilter }
  ): CustomInbox {
    const inbox = this.editable(id, memberId)
    this.db
      .prepare(
        'UPDATE custom_inboxes SET name = ?, shared = ?, filter_json = ?, hlc = ?, updated_by = ? WHERE id = ?'
      )
      .run(
        patch.name ?? inbox.name,
        (patch.shared ?? inbox.shared) ? 1 : 0,
        JSON.stringify(patch.filter ?? inbox.filter),
        this.hlc.tick(),
        memberId,
        id
      )
    return patch.filter ? this.refresh(id, memberId) : this.get(id, memberId)
  }

  remove(id: string, memberId: string): void {
    this.editable(id, memberId)
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE custom_inboxes SET deleted = 1, hlc = ?, updated_by = ? WHERE id = ?')
        .run(this.hlc.tick(), memberId, id)
      this.db.prepare('DELETE FROM custom_inbox_items WHERE inbox_id = ?').run(id)
    })()
  }

  /**
   * Undo of remove: the inbox comes back under its own id, so what is keyed by it (the sidebar's
   * selection, an open window's `custom:<id>`) finds it again, with its name, sharing and filter;
   * refreshed now, as remove dropped its snapshot. Only its creator deleted it, so only they bring
   * it back; one not deleted is returned as it is (a second click of Undo).
   */
  restore(id: string, memberId: string): CustomInbox {
    const row = this.db
      .prepare('SELECT creator_id FROM custom_inboxes WHERE id = ? AND deleted = 1')
      .get(id) as { creator_id: string } | undefined
    if (!row || row.creator_id !== memberId) return this.get(id, memberId)
    this.db
      .prepare('UPDATE custom_inboxes SET deleted = 0, hlc = ?, updated_by = ? WHERE id = ?')
      .run(this.hlc.tick(), memberId, id)
    return this.refresh(id, memberId)
  }

  /** Re-runs the saved filter and keeps its result until the next refresh. */
  refresh(id: string, memberId: string): CustomInbox {
    const inbox = this.get(id, memberId)
    const { sql, params } = filterQuery(inbox.filter)
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM custom_inbox_items WHERE inbox_id = ?').run(id)
      this.db
        .prepare(
          `INSERT INTO custom_inbox_items (inbox_id, conversation_id) SELECT ?, c.id FROM conversations c WHERE ${sql}`
        )
        .run(id, ...params)
      this.db.prepare('UPDATE custom_inboxes SET refreshed_at = ? WHERE id = ?').run(this.clock.now(), id)
    })()
    return this.get(id, memberId)
  }

  private editable(id: string, memberId: string): CustomInbox {
    const inbox = this.get(id, memberId)
    if (inbox.creatorId !== memberId)
      throw new CoreError('FORBIDDEN', 'Only the creator of a custom inbox can change it.')
    return inbox
  }
}

function filterQuery(filter: CustomFilter): { sql: string; params: unknown[] } {
  const where = ['c.deleted = 0', 'c.blocked = 0']
  const params: unknown[] = []
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql)
    params.push(...values)
  }
  if (filter.status) add('c.status = ?', filter.status)
  if (filter.assigneeIds?.length) {
    const ids = filter.assigneeIds.filter((a): a is string => a !== null)
    const unassigned = filter.assigneeIds.includes(null) ? ' OR c.assignee_id IS NULL' : ''
    add(`(c.assignee_id IN (SELECT value FROM json_each(?))${unassigned})`, JSON.stringify(ids))
  }
  if (filter.teamIds?.length)
    add('c.team_id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.teamIds))
  if (filter.accountIds?.length)
    add('c.account_id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.accountIds))
  if (filter.tags?.length)
    add(
      'EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.contact_id AND t.tag IN (SELECT value FROM json_each(?)))',
      JSON.stringify(filter.tags)
    )
  for (const { field, value } of filter.contactFields ?? []) {
    if (CONTACT_COLUMNS.has(field))
      add(
        `EXISTS (SELECT 1 FROM contacts k WHERE k.id = c.contact_id AND k.${field} = ? COLLATE NOCASE)`,
        value
      )
    else
      add(
        `EXISTS (SELECT 1 FROM contacts k WHERE k.id = c.contact_id AND CAST(json_extract(k.custom_fields, ?) AS TEXT) = ? COLLATE NOCASE)`,
        `$."${field.replaceAll('"', '')}"`,
        value
      )
  }
  if (filter.unreplied) add("c.last_direction = 'in'")
  if (filter.from !== undefined) add('c.last_message_at >= ?', filter.from)
  if (filter.to !== undefined) add('c.last_message_at <= ?', filter.to)
  return { sql: where.join(' AND '), params }
}
