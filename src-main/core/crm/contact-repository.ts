import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import { isMadeOfNames, joinNames } from './contact-name'
import { prepared } from '../db/statement-cache'
import { fold } from '../search/search-text'
import { SEARCH_FOLD } from '../search/search-text-sql'
import { MAX_TAGS } from '../../../src-preload/contract'

export type FieldType = 'text' | 'number' | 'checkbox' | 'date' | 'time'
export type FieldDef = { key: string; label: string; type: FieldType }
export type FieldValue = string | number | boolean | null

export type Contact = {
  id: string
  displayName: string
  firstName: string
  lastName: string
  emails: string[]
  phones: string[]
  company: string
  country: string
  language: string
  ownerId: string | null
  tags: string[]
  customFields: Record<string, FieldValue>
  blocked: boolean
  createdAt: number
}

export type ContactInput = Partial<Omit<Contact, 'id' | 'blocked' | 'createdAt'>>

type Row = {
  id: string
  display_name: string
  first_name: string
  last_name: string
  company: string
  country: string
  language: string
  owner_id: string | null
  blocked: number
  custom_fields: string
  created_at: number
}

/** Phones compare by their digits (and a leading +), so "+62 812-3456" matches "+628123456". */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return phone.trim().startsWith('+') ? `+${digits}` : digits
}

const VALID: Record<FieldType, (v: FieldValue) => boolean> = {
  text: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  checkbox: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  time: (v) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v)
}

/** Contacts with several emails and phones, tags and typed custom fields. */
export class ContactRepository {
  constructor(
    private readonly db: Database,
    private readonly hlc: HybridClock,
    private readonly clock: Clock
  ) {}

  find(id: string): Contact | null {
    const row = prepared(this.db, 'SELECT * FROM contacts WHERE id = ? AND deleted = 0').get(id) as
      Row | undefined
    return row ? this.toContact(row) : null
  }

  get(id: string): Contact {
    const contact = this.find(id)
    if (!contact) throw new CoreError('NOT_FOUND', `There is no contact with id ${id}.`)
    return contact
  }

  byEmail(address: string): Contact | null {
    const row = prepared(
      this.db,
      'SELECT contact_id FROM contact_emails WHERE address = ? AND deleted = 0'
    ).get(address) as { contact_id: string } | undefined
    return row ? this.find(row.contact_id) : null
  }

  list(query: {
    search?: string
    tag?: string
    blocked?: boolean
    limit: number
    afterId?: string
  }): Contact[] {
    const where = ['c.deleted = 0']
    const params: unknown[] = []
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql)
      params.push(...values)
    }
    if (query.search) {
      // Contains the text, matched literally (no LIKE wildcards: "_" and "%" are text) and folded
      // as search folds it, so case and accents count in no script ("élodie" finds Élodie).
      const has = (column: string) => `instr(${SEARCH_FOLD}(${column}), ?) > 0`
      const needle = fold(query.search.normalize('NFC'))
      add(
        `(${has('c.display_name')} OR ${has('c.first_name')} OR ${has('c.last_name')} OR ${has('c.company')}
          OR EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id AND e.deleted = 0 AND ${has('e.address')}))`,
        ...Array<string>(5).fill(needle)
      )
    }
    if (query.tag)
      add('EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ?)', query.tag)
    if (query.blocked !== undefined) add('c.blocked = ?', query.blocked ? 1 : 0)
    if (query.afterId) add('c.id > ?', query.afterId)
    const rows = this.db
      .prepare(`SELECT c.* FROM contacts c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ?`)
      .all(...params, query.limit) as Row[]
    return rows.map((r) => this.toContact(r))
  }

  create(input: ContactInput, by: string | null): Contact {
    const id = randomUUID()
    this.db.transaction(() => {
      prepared(this.db, 'INSERT INTO contacts (id, created_at, hlc, updated_by) VALUES (?, ?, ?, ?)').run(
        id,
        this.clock.now(),
        this.hlc.tick(),
        by
      )
      this.write(id, input, by)
      // As for an update: an import reaches here without the contract's TagList.
      const tags = prepared(this.db, 'SELECT count(*) FROM contact_tags WHERE contact_id = ?').pluck()
      if ((tags.get(id) as number) > MAX_TAGS)
        throw new CoreError('INVALID_INPUT', `A contact holds at most ${MAX_TAGS} tags.`, 'tags')
    })()
    return this.get(id)
  }

  /**
   * `tags` replaces the list; `addTags` and `removeTags` touch only the tags they name, so a tag
   * saved since the caller last read the contact (another window) is neither lost nor put back.
   */
  update(
    id: string,
    { addTags, removeTags, ...patch }: ContactInput & { addTags?: string[]; removeTags?: string[] },
    by: string | null
  ): Contact {
    this.get(id)
    const count = prepared(this.db, 'SELECT count(*) FROM contact_tags WHERE contact_id = ?').pluck()
    this.db.transaction(() => {
      const before = count.get(id) as number
      this.write(id, patch, by)
      const clean = (tags: string[] | undefined) => (tags ?? []).map((t) => t.trim()).filter(Boolean)
      const add = prepared(this.db, 'INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)')
      for (const tag of clean(addTags)) add.run(id, tag)
      const remove = prepared(this.db, 'DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?')
      for (const tag of clean(removeTags)) remove.run(id, tag)
      // As many as a whole list may hold (the contract's TagList): adding one at a time included.
      // Only an update that adds to the tags is refused: a contact two merged into may hold more
      // (merge unites their tags), and must stay editable, and be able to lose tags one by one.
      const after = count.get(id) as number
      if (after > MAX_TAGS && after > before)
        throw new CoreError('INVALID_INPUT', `A contact holds at most ${MAX_TAGS} tags.`, 'addTags')
    })()
    return this.get(id)
  }

  fieldDefs(): FieldDef[] {
    return prepared(
      this.db,
      'SELECT key, label, type FROM contact_field_defs ORDER BY created_at, key'
    ).all() as FieldDef[]
  }

  /**
   * Adds a custom field, or renames or retypes one. Keys are told apart whatever their case, as a
   * vCard's X-RAPPORT-<KEY> is read back, and `language` is the vCard 3.0 property of the
   * contact's own language: such a key would come back as another field, or not at all.
   */
  defineField(def: FieldDef): FieldDef[] {
    const key = def.key.toLowerCase()
    if (key === 'language')
      throw new CoreError('INVALID_INPUT', 'Contacts have a language already: pick another key.', 'key')
    const other = this.fieldDefs().find((d) => d.key !== def.key && d.key.toLowerCase() === key)
    if (other)
      throw new CoreError(
        'INVALID_INPUT',
        `There is a field "${other.key}" already; keys differing only in case cannot be told apart in a vCard.`,
        'key'
      )
    const current = this.fieldDefs().find((d) => d.key === def.key)
    if (current && current.type !== def.type) {
      // A type change would leave values the field no longer takes, and a contact holding one
      // could then not be saved: refused until they are cleared or changed.
      const misfits = this.valuesOf(def.key).filter((v) => v !== null && !VALID[def.type](v)).length
      if (misfits > 0)
        throw new CoreError(
          'INVALID_INPUT',
          `${misfits === 1 ? 'A contact has' : `${misfits} contacts have`} a "${current.label}" that is not a ${def.type}: clear or change ${misfits === 1 ? 'it' : 'them'} first, or add a field with another name.`,
          'fieldType'
        )
    }
    prepared(
      this.db,
      `INSERT INTO contact_field_defs (key, label, type, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET label = excluded.label, type = excluded.type`
    ).run(def.key, def.label, def.type, this.clock.now())
    return this.fieldDefs()
  }

  /** The values the contacts in the list hold in a custom field. */
  private valuesOf(key: string): FieldValue[] {
    const rows = prepared(
      this.db,
      `SELECT j.value AS value, j.type AS type FROM contacts c, json_each(c.custom_fields) j
        WHERE c.deleted = 0 AND j.key = ?`
    ).all(key) as Array<{ value: unknown; type: string }>
    return rows.map(({ value, type }) =>
      type === 'true' ? true : type === 'false' ? false : type === 'null' ? null : (value as FieldValue)
    )
  }

  private write(id: string, input: ContactInput, by: string | null): void {
    const current = this.get(id)
    const hlc = this.hlc.tick()
    // Only the fields being written are checked: a value stored before its field changed type
    // (or synced from another device) must not keep every other field from being saved.
    const customFields = input.customFields
      ? { ...current.customFields, ...this.checkFields(input.customFields) }
      : current.customFields
    const first = input.firstName ?? current.firstName
    const last = input.lastName ?? current.lastName
    // A name made of the first and last names (as mail and the drawer make it, "Tan, Bob" too)
    // follows them when they are corrected; one set apart from them (an import's display_name)
    // stays as it is. Only a correction moves it: "Acme, Inc." as mail wrote it is not turned
    // into "Inc. Acme" by an owner or address saved.
    const composed = joinNames(first, last)
    const renamed = first !== current.firstName || last !== current.lastName
    const derived =
      !current.displayName ||
      (renamed && isMadeOfNames(current.displayName, current.firstName, current.lastName))
    const display = input.displayName ?? ((derived && composed) || current.displayName)
    prepared(
      this.db,
      `UPDATE contacts SET display_name = ?, first_name = ?, last_name = ?, company = ?, country = ?, language = ?,
          owner_id = ?, custom_fields = ?, hlc = ?, updated_by = ? WHERE id = ?`
    ).run(
      display,
      first,
      last,
      input.company ?? current.company,
      input.country ?? current.country,
      input.language ?? current.language,
      input.ownerId === undefined ? current.ownerId : input.ownerId,
      JSON.stringify(customFields),
      hlc,
      by,
      id
    )
    if (input.emails) this.setEmails(id, input.emails, hlc, by)
    if (input.phones) this.setPhones(id, input.phones, hlc, by)
    if (input.tags) {
      prepared(this.db, 'DELETE FROM contact_tags WHERE contact_id = ?').run(id)
      const insert = prepared(this.db, 'INSERT OR IGNORE INTO contact_tags (contact_id, tag) VALUES (?, ?)')
      for (const tag of input.tags.map((t) => t.trim()).filter(Boolean)) insert.run(id, tag)
    }
  }

  private setEmails(id: string, emails: string[], hlc: string, by: string | null): void {
    const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))]
    for (const address of wanted) {
      const owner = this.byEmail(address)
      if (owner && owner.id !== id)
        throw new CoreError('ALREADY_EXISTS', `${address} already belongs to another contact.`, 'emails', {
          heldBy: owner.id
        })
    }
    prepared(
      this.db,
      'UPDATE contact_emails SET deleted = 1, hlc = ?, updated_by = ? WHERE contact_id = ? AND deleted = 0'
    ).run(hlc, by, id)
    const revive = prepared(
      this.db,
      'UPDATE contact_emails SET deleted = 0, is_primary = ?, hlc = ?, updated_by = ? WHERE contact_id = ? AND address = ?'
    )
    const insert = prepared(
      this.db,
      'INSERT INTO contact_emails (id, contact_id, address, is_primary, hlc, updated_by) VALUES (?, ?, ?, ?, ?, ?)'
    )
    wanted.forEach((address, i) => {
      if (revive.run(i === 0 ? 1 : 0, hlc, by, id, address).changes === 0)
        insert.run(randomUUID(), id, address, i === 0 ? 1 : 0, hlc, by)
    })
  }

  private setPhones(id: string, phones: string[], hlc: string, by: string | null): void {
    prepared(
      this.db,
      'UPDATE contact_phones SET deleted = 1, hlc = ?, updated_by = ? WHERE contact_id = ? AND deleted = 0'
    ).run(hlc, by, id)
    const insert = prepared(
      this.db,
      'INSERT INTO contact_phones (id, contact_id, phone, hlc, updated_by) VALUES (?, ?, ?, ?, ?)'
    )
    for (const phone of [...new Set(phones.map(normalizePhone).filter((p) => p.replace('+', '')))])
      insert.run(randomUUID(), id, phone, hlc, by)
  }

  private checkFields(values: Record<string, FieldValue>): Record<string, FieldValue> {
    const defs = new Map(this.fieldDefs().map((d) => [d.key, d]))
    for (const [key, value] of Object.entries(values)) {
      const def = defs.get(key)
      if (!def)
        throw new CoreError('INVALID_INPUT', `There is no custom field "${key}".`, `customFields.${key}`)
      if (value !== null && !VALID[def.type](value))
        throw new CoreError(
          'INVALID_INPUT',
          `"${def.label}" takes a ${def.type} value.`,
          `customFields.${key}`
        )
    }
    return values
  }

  private toContact(row: Row): Contact {
    const emails = prepared(
      this.db,
      'SELECT address FROM contact_emails WHERE contact_id = ? AND deleted = 0 ORDER BY is_primary DESC, address'
    ).all(row.id) as Array<{ address: string }>
    const phones = prepared(
      this.db,
      'SELECT phone FROM contact_phones WHERE contact_id = ? AND deleted = 0 ORDER BY phone'
    ).all(row.id) as Array<{ phone: string }>
    const tags = prepared(this.db, 'SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag').all(
      row.id
    ) as Array<{
      tag: string
    }>
    return {
      id: row.id,
      displayName: row.display_name,
      firstName: row.first_name,
      lastName: row.last_name,
      emails: emails.map((e) => e.address),
      phones: phones.map((p) => p.phone),
      company: row.company,
      country: row.country,
      language: row.language,
      ownerId: row.owner_id,
      tags: tags.map((t) => t.tag),
      customFields: JSON.parse(row.custom_fields) as Record<string, FieldValue>,
      blocked: row.blocked === 1,
      createdAt: row.created_at
    }
  }
}
