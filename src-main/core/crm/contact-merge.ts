import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import type { ContactBlocking } from './contact-blocking'
import type { Contact, ContactRepository } from './contact-repository'
import { splitPlus } from './smart-address'
import type { Actor, Timeline } from './timeline'

type Filled = Record<string, { before: unknown; after: unknown }>

type Moved = {
  emails: string[]
  phones: string[]
  tags: string[]
  messages: number[]
  conversations: string[]
  events: string[]
  /** Leads that named the merged contact; `shared` when they named the survivor already. */
  leads?: Array<{ id: string; shared: boolean }>
  /** The survivor's fields the merge filled, with their values before and after it. */
  filled?: Filled
  /** In merges recorded before `filled`: all of the survivor's fields before the merge. */
  survivorBefore?: Record<string, unknown>
}

const FIELDS = [
  'display_name',
  'first_name',
  'last_name',
  'company',
  'country',
  'language',
  'owner_id',
  'custom_fields'
] as const

/**
 * Merge suggestions (same email, ignoring +tags, or same phone), merge and unmerge. A merge moves
 * everything of the merged contact (addresses, phones, tags, mail, conversations, history,
 * leads) to the survivor and fills the survivor's empty fields; what moved is recorded, so
 * unmerge restores it.
 */
export class ContactMerge {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock,
    private readonly contacts: ContactRepository,
    private readonly blocking: ContactBlocking,
    private readonly timeline: Timeline
  ) {}

  suggestions(contactId: string): Array<{ contact: Contact; reason: 'email' | 'phone' }> {
    const contact = this.contacts.get(contactId)
    const found = new Map<string, 'email' | 'phone'>()
    const phones = this.db.prepare(
      'SELECT DISTINCT contact_id FROM contact_phones WHERE phone = ? AND deleted = 0 AND contact_id <> ?'
    )
    for (const phone of contact.phones)
      for (const r of phones.all(phone, contactId) as Array<{ contact_id: string }>)
        found.set(r.contact_id, 'phone')
    const bases = new Set(contact.emails.map((e) => splitPlus(e).base))
    const domains = [...new Set([...bases].map((b) => b.split('@')[1]))]
    const byDomain = this.db.prepare(
      "SELECT contact_id, address FROM contact_emails WHERE deleted = 0 AND contact_id <> ? AND address LIKE ? ESCAPE '\\'"
    )
    for (const domain of domains) {
      const pattern = `%@${domain!.replace(/[\\%_]/g, (c) => `\\${c}`)}`
      for (const r of byDomain.all(contactId, pattern) as Array<{ contact_id: string; address: string }>)
        if (bases.has(splitPlus(r.address).base)) found.set(r.contact_id, 'email')
    }
    return [...found].flatMap(([id, reason]) => {
      const other = this.contacts.find(id)
      return other ? [{ contact: other, reason }] : []
    })
  }

  merge(survivorId: string, mergedId: string, actor: Actor): { mergeId: string; contact: Contact } {
    if (survivorId === mergedId)
      throw new CoreError('INVALID_INPUT', 'A contact cannot be merged into itself.')
    const survivor = this.contacts.get(survivorId)
    const merged = this.contacts.get(mergedId)
    // A merge would either block the unblocked contact as a side effect (closing their open
    // conversations) or put the blocked one's mail back in the inboxes: that is the user's call,
    // made with Block or Unblock, which close conversations and record it on the timeline.
    if (survivor.blocked !== merged.blocked) {
      const [blocked, other] = survivor.blocked ? [survivor, merged] : [merged, survivor]
      const name = (c: Contact) => c.displayName || c.emails[0] || 'the other contact'
      throw new CoreError(
        'CONTACT_BLOCKED',
        `${name(blocked)} is blocked and ${name(other)} is not. Unblock ${name(blocked)} (or block ${name(other)}) first, then merge.`
      )
    }
    const mergeId = randomUUID()
    this.db.transaction(() => {
      const ids = (sql: string) =>
        (this.db.prepare(sql).all(mergedId) as Array<{ id: string | number }>).map((r) => r.id)
      const before = this.fields(survivorId)
      const filled: Filled = {}
      const moved: Moved = {
        emails: ids('SELECT id FROM contact_emails WHERE contact_id = ? AND deleted = 0') as string[],
        // A phone the survivor has already stays with the merged contact (and comes back with it on
        // unmerge): moved, it would be listed twice.
        phones: (
          this.db
            .prepare(
              `SELECT m.id FROM contact_phones m WHERE m.contact_id = ? AND m.deleted = 0
               AND NOT EXISTS (SELECT 1 FROM contact_phones s WHERE s.contact_id = ? AND s.deleted = 0 AND s.phone = m.phone)`
            )
            .all(mergedId, survivorId) as Array<{ id: string }>
        ).map((r) => r.id),
        tags: merged.tags.filter((t) => !survivor.tags.some((s) => s.toLowerCase() === t.toLowerCase())),
        messages: ids('SELECT id FROM messages WHERE contact_id = ?') as number[],
        conversations: ids('SELECT id FROM conversations WHERE contact_id = ?') as string[],
        events: ids('SELECT id FROM events WHERE contact_id = ?') as string[],
        leads: this.db
          .prepare(
            `SELECT lead_id AS id, EXISTS (SELECT 1 FROM lead_links s WHERE s.lead_id = k.lead_id AND s.kind = 'contact' AND s.target_id = @survivor) AS shared
             FROM lead_links k WHERE k.kind = 'contact' AND k.target_id = @merged`
          )
          .all({ survivor: survivorId, merged: mergedId })
          .map((r) => {
            const { id, shared } = r as { id: string; shared: number }
            return { id, shared: shared === 1 }
          }),
        filled
      }
      const hlc = this.hlc.tick()
      const move = (table: string, list: Array<string | number>) => {
        const stmt = this.db.prepare(`UPDATE ${table} SET contact_id = ? WHERE id = ?`)
        for (const id of list) stmt.run(survivorId, id)
      }
      move('contact_emails', moved.emails)
      move('contact_phones', moved.phones)
      move('messages', moved.messages)
      move('conversations', moved.conversations)
      move('events', moved.events)
      // A lead that named both keeps one link, the survivor's.
      this.db
        .prepare("UPDATE OR IGNORE lead_links SET target_id = ? WHERE kind = 'contact' AND target_id = ?")
        .run(survivorId, mergedId)
      this.db.prepare("DELETE FROM lead_links WHERE kind = 'contact' AND target_id = ?").run(mergedId)
      const tag = this.db.prepare('INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)')
      for (const t of moved.tags) tag.run(survivorId, t)
      this.db
        .prepare('UPDATE contact_emails SET is_primary = 0 WHERE id IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(moved.emails))
      // Fill the survivor's empty fields from the merged contact; custom fields likewise.
      this.db
        .prepare(
          `UPDATE contacts SET
            display_name = coalesce(nullif(s.display_name, ''), m.display_name), first_name = coalesce(nullif(s.first_name, ''), m.first_name),
            last_name = coalesce(nullif(s.last_name, ''), m.last_name), company = coalesce(nullif(s.company, ''), m.company),
            country = coalesce(nullif(s.country, ''), m.country), language = coalesce(nullif(s.language, ''), m.language),
            owner_id = coalesce(s.owner_id, m.owner_id), custom_fields = json_patch(m.custom_fields, s.custom_fields),
            hlc = ?, updated_by = ?
          FROM (SELECT * FROM contacts WHERE id = ?) AS s, (SELECT * FROM contacts WHERE id = ?) AS m
          WHERE contacts.id = s.id`
        )
        .run(hlc, actor.id, survivorId, mergedId)
      const after = this.fields(survivorId)
      for (const f of FIELDS) if (after[f] !== before[f]) filled[f] = { before: before[f], after: after[f] }
      this.db
        .prepare('UPDATE contacts SET deleted = 1, hlc = ?, updated_by = ? WHERE id = ?')
        .run(hlc, actor.id, mergedId)
      this.db
        .prepare(
          'INSERT INTO contact_merges (id, survivor_id, merged_id, moved_json, created_at) VALUES (?, ?, ?, ?, ?)'
        )
        .run(mergeId, survivorId, mergedId, JSON.stringify(moved), this.clock.now())
      this.blocking.syncConversations(survivorId)
      this.timeline.record('contact_merged', actor, { contactId: survivorId }, { mergeId, mergedId })
    })()
    return { mergeId, contact: this.contacts.get(survivorId) }
  }

  /**
   * Mail that reached the merged contact's addresses while merged was logged to the survivor, and
   * is in no record of the merge: it goes back with its addresses (received mail by its From, sent
   * mail by its first To, as ContactLinker logs them), and so does a conversation left with none
   * of the survivor's own mail.
   */
  private giveBackMailOfMerge(survivorId: string, restoredId: string, emailIds: string[]): void {
    const params = { survivor: survivorId, restored: restoredId, emails: JSON.stringify(emailIds) }
    const threads = this.db
      .prepare(
        `WITH addresses AS (SELECT address FROM contact_emails WHERE id IN (SELECT value FROM json_each(@emails)))
         UPDATE messages SET contact_id = @restored
         WHERE contact_id = @survivor AND CASE direction
           WHEN 'in' THEN lower(from_address) IN addresses
           ELSE lower(json_extract(to_json, '$[0].address')) IN addresses END
         RETURNING thread_id`
      )
      .pluck()
      .all(params) as Array<number | null>
    if (threads.length === 0) return
    this.db
      .prepare(
        `UPDATE conversations SET contact_id = @restored, hlc = @hlc
         WHERE contact_id = @survivor AND thread_id IN (SELECT value FROM json_each(@threads))
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = conversations.thread_id AND m.contact_id = @survivor)`
      )
      .run({ ...params, threads: JSON.stringify(threads), hlc: this.hlc.tick() })
  }

  /**
   * The live contact `contactId` is, or was merged into (through merges of merges): a window
   * showing a contact merged away elsewhere follows it there. Null when it is gone otherwise.
   */
  survivorOf(contactId: string): string | null {
    const live = this.db.prepare('SELECT 1 FROM contacts WHERE id = ? AND deleted = 0').pluck()
    const survivor = this.db
      .prepare(
        'SELECT survivor_id FROM contact_merges WHERE merged_id = ? AND undone_at IS NULL ORDER BY created_at DESC LIMIT 1'
      )
      .pluck()
    const seen = new Set<string>()
    let id: string | undefined = contactId
    while (id !== undefined && !seen.has(id)) {
      if (live.get(id)) return id
      seen.add(id)
      id = survivor.get(id) as string | undefined
    }
    return null
  }

  unmerge(mergeId: string, actor: Actor): { survivor: Contact; restored: Contact } {
    const row = this.db
      .prepare('SELECT * FROM contact_merges WHERE id = ? AND undone_at IS NULL')
      .get(mergeId) as { survivor_id: string; merged_id: string; moved_json: string } | undefined
    if (!row) throw new CoreError('NOT_FOUND', 'There is no merge to undo with that id.')
    // A survivor merged on since holds this merge's addresses and mail no more, the later merge
    // records them as the survivor's: undone now, the later Undo gave them to the survivor.
    if (!this.contacts.find(row.survivor_id))
      throw new CoreError(
        'INVALID_INPUT',
        'The contact this one was merged into was merged into another contact since: undo that merge first.',
        'laterMerge'
      )
    const moved = JSON.parse(row.moved_json) as Moved
    this.db.transaction(() => {
      const back = (table: string, list: Array<string | number>) => {
        const stmt = this.db.prepare(`UPDATE ${table} SET contact_id = ? WHERE id = ?`)
        for (const id of list) stmt.run(row.merged_id, id)
      }
      back('contact_emails', moved.emails)
      back('contact_phones', moved.phones)
      back('messages', moved.messages)
      back('conversations', moved.conversations)
      back('events', moved.events)
      // Each lead names the restored contact again; the survivor keeps only the links it had.
      // (Merges recorded before leads moved have no `leads`: their links never left.)
      const linkAgain = this.db.prepare(
        "INSERT OR IGNORE INTO lead_links (lead_id, kind, target_id) SELECT id, 'contact', @restored FROM leads WHERE id = @lead"
      )
      const linkBack = this.db.prepare(
        "UPDATE OR IGNORE lead_links SET target_id = @restored WHERE lead_id = @lead AND kind = 'contact' AND target_id = @survivor"
      )
      for (const lead of moved.leads ?? [])
        (lead.shared ? linkAgain : linkBack).run({
          lead: lead.id,
          survivor: row.survivor_id,
          restored: row.merged_id
        })
      this.giveBackMailOfMerge(row.survivor_id, row.merged_id, moved.emails)
      const untag = this.db.prepare('DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?')
      for (const t of moved.tags) untag.run(row.survivor_id, t)
      // A filled field goes back to empty unless it was edited since: that edit is kept, and so
      // is every other field (blocking the survivor after the merge, say).
      const filled = moved.filled ?? legacyFilled(moved.survivorBefore ?? {}, this.fields(row.merged_id))
      const now = this.fields(row.survivor_id)
      const restore: Record<string, unknown> = {}
      for (const f of FIELDS) {
        const change = filled[f]
        if (!change) continue
        if (f === 'custom_fields') restore[f] = unfill(now[f], change)
        else if (now[f] === change.after) restore[f] = change.before
      }
      const hlc = this.hlc.tick()
      this.db
        .prepare(
          `UPDATE contacts SET ${Object.keys(restore)
            .map((f) => `${f} = @${f}, `)
            .join('')}hlc = @hlc, updated_by = @by WHERE id = @id`
        )
        .run({ ...restore, hlc, by: actor.id, id: row.survivor_id })
      this.db
        .prepare('UPDATE contacts SET deleted = 0, hlc = ?, updated_by = ? WHERE id = ?')
        .run(hlc, actor.id, row.merged_id)
      this.db.prepare('UPDATE contact_merges SET undone_at = ? WHERE id = ?').run(this.clock.now(), mergeId)
      this.blocking.syncConversations(row.survivor_id)
      this.blocking.syncConversations(row.merged_id)
      this.timeline.record(
        'contact_unmerged',
        actor,
        { contactId: row.survivor_id },
        { mergeId, restoredId: row.merged_id }
      )
    })()
    return { survivor: this.contacts.get(row.survivor_id), restored: this.contacts.get(row.merged_id) }
  }

  private fields(contactId: string): Record<string, unknown> {
    const row: unknown = this.db
      .prepare(`SELECT ${FIELDS.join(', ')} FROM contacts WHERE id = ?`)
      .get(contactId)
    return row as Record<string, unknown>
  }
}

/** Takes out the custom fields a merge filled, one by one, unless they were edited since. */
function unfill(now: unknown, change: Filled[string]): string {
  const parse = (json: unknown) => JSON.parse(json as string) as Record<string, unknown>
  const [current, before, after] = [parse(now), parse(change.before), parse(change.after)]
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  for (const key of Object.keys(after)) {
    if (same(after[key], before[key]) || !same(current[key], after[key])) continue
    if (key in before) current[key] = before[key]
    else delete current[key]
  }
  return JSON.stringify(current)
}

/**
 * A merge recorded before `filled` kept the survivor's fields from before it. It filled the empty
 * ones from the merged contact, whose fields are still as they were, so what it put in is known.
 * (Its `blocked` is left alone, as in newer merges.)
 */
function legacyFilled(before: Record<string, unknown>, merged: Record<string, unknown>): Filled {
  const filled: Filled = {}
  for (const f of FIELDS) {
    const after =
      f === 'custom_fields'
        ? JSON.stringify({ ...JSON.parse(merged[f] as string), ...JSON.parse(before[f] as string) })
        : before[f] === null || before[f] === ''
          ? merged[f]
          : before[f]
    if (after !== before[f]) filled[f] = { before: before[f], after }
  }
  return filled
}
