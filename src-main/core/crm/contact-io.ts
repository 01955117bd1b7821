import type { Database } from 'better-sqlite3'
import { CoreError } from '../errors'
import { isEmailAddress } from '../../../src-preload/contract/email-address'
import type { PeopleRepository } from '../people/people-repository'
import type { Contact, ContactInput, ContactRepository, FieldValue } from './contact-repository'
import { parseCsv, toCsv } from './csv'
import { ImportMatch } from './import-match'
import { readVCards, writeVCards, type VCardPerson } from './vcard'

export type ContactFormat = 'csv' | 'vcard'

const COLUMNS = [
  'first_name',
  'last_name',
  'display_name',
  'emails',
  'phones',
  'company',
  'country',
  'language',
  'owner',
  'tags'
]

/**
 * The address in `Carlos Mendes <carlos@client.test>` (as address books and mail clients copy
 * them) or a bare one, lowercased as contacts keep it; null when it is not an email address.
 */
function emailAddress(text: string): string | null {
  const address = (/<([^<>]*)>\s*$/.exec(text)?.[1] ?? text).trim().toLowerCase()
  // The check every address in Rapport passes: contacts made from mail must come back in.
  return isEmailAddress(address) ? address : null
}

/** What one CSV row or vCard became, and where it is in the file, to say why it was skipped. */
type Item = { at: string; input: ContactInput }

export type ImportResult = {
  created: number
  updated: number
  skipped: number
  /** Why each skipped row or card was skipped, e.g. `Row 3: "not-an-email" is not an email address.` */
  problems: string[]
}

/**
 * The emails, phones or tags in one cell, separated by `;`. A `;` or `\` inside one is written
 * `\;` or `\\` (listCell), so a tag such as `Jakarta; Bali` comes back as one tag, not two; any
 * other backslash is itself, as in a file made elsewhere (`C:\temp`).
 */
const list = (v: string | undefined) =>
  (v ?? '')
    .split(/(?<=(?:^|[^\\])(?:\\\\)*);/)
    .map((s) => s.replace(/\\([\\;])/g, '$1').trim())
    .filter(Boolean)

const listCell = (values: string[]) => values.map((v) => v.replace(/[\\;]/g, '\\$&')).join(';')

/**
 * CSV and vCard import/export. An imported person already known (by email; without one, by phone
 * or name: ImportMatch) updates that contact (lists are joined, empty fields filled) instead of
 * making a duplicate.
 */
export class ContactIo {
  private readonly match: ImportMatch

  constructor(
    private readonly db: Database,
    private readonly contacts: ContactRepository,
    private readonly people: PeopleRepository
  ) {
    this.match = new ImportMatch(db, contacts)
  }

  export(format: ContactFormat): string {
    const all: Contact[] = []
    for (let page = this.contacts.list({ limit: 1000 }); page.length > 0;) {
      all.push(...page)
      page = this.contacts.list({ limit: 1000, afterId: page.at(-1)!.id })
    }
    const ownerEmail = (id: string | null) => (id ? (this.people.find(id)?.email ?? '') : '')
    if (format === 'vcard') {
      return writeVCards(
        all.map((c) => ({
          fullName: c.displayName,
          firstName: c.firstName,
          lastName: c.lastName,
          emails: c.emails,
          phones: c.phones,
          company: c.company,
          country: c.country,
          language: c.language,
          tags: c.tags,
          extra: Object.fromEntries(
            Object.entries(c.customFields)
              .filter(([, v]) => v !== null)
              .map(([k, v]) => [k, String(v)])
          )
        }))
      )
    }
    const fields = this.contacts.fieldDefs().map((d) => d.key)
    const rows = all.map((c) => [
      c.firstName,
      c.lastName,
      c.displayName,
      listCell(c.emails),
      listCell(c.phones),
      c.company,
      c.country,
      c.language,
      ownerEmail(c.ownerId),
      listCell(c.tags),
      ...fields.map((k) =>
        c.customFields[k] === undefined || c.customFields[k] === null ? '' : String(c.customFields[k])
      )
    ])
    return toCsv([[...COLUMNS, ...fields.map((k) => `custom:${k}`)], ...rows])
  }

  /**
   * A row or card with an invalid email address is skipped whole: imported without it, it would
   * come back as a duplicate once the file is fixed and imported again.
   */
  import(format: ContactFormat, data: string, by: string | null): ImportResult {
    const result: ImportResult = { created: 0, updated: 0, skipped: 0, problems: [] }
    const skip = (at: string, why: string) => {
      result.skipped++
      result.problems.push(`${at}: ${why}.`)
    }
    let items: Item[]
    if (format === 'csv') items = this.fromCsv(data)
    else {
      const cards = readVCards(data)
      if (cards.length === 0 && data.trim() !== '')
        throw new CoreError('INVALID_INPUT', 'There is no vCard in this file (no BEGIN:VCARD line).')
      items = []
      cards.forEach(({ person, ended }, i) => {
        // A card cut short is not guessed at, but said.
        if (ended) items.push({ at: `Card ${i + 1}`, input: this.fromVCard(person) })
        else skip(`Card ${i + 1}`, 'it never ends (END:VCARD is missing): the file may be cut short')
      })
    }
    // Each row or card is written in a savepoint of its own: one that is refused (a value its
    // custom field cannot take, addresses of two different contacts) is skipped and said, as an
    // invalid address is, and the others go in.
    const write = this.db.transaction((fn: () => void) => fn())
    this.db.transaction(() => {
      for (const { at, input: raw } of items) {
        const invalid = (raw.emails ?? []).filter((e) => emailAddress(e) === null)
        if (invalid.length > 0) {
          skip(
            at,
            `${invalid.map((e) => `"${e}"`).join(', ')} ${invalid.length > 1 ? 'are not email addresses' : 'is not an email address'}`
          )
          continue
        }
        const input = { ...raw, emails: raw.emails?.map((e) => emailAddress(e)!) }
        if (
          !input.emails?.length &&
          !input.phones?.length &&
          !input.firstName &&
          !input.lastName &&
          !input.displayName
        ) {
          skip(at, 'no name, email or phone')
          continue
        }
        const existing = this.match.find(input)
        try {
          write(() => {
            if (existing) this.contacts.update(existing.id, joined(existing, input), by)
            else this.contacts.create(input, by)
          })
        } catch (error) {
          if (!(error instanceof CoreError)) throw error
          skip(at, error.message.replace(/\.$/, ''))
          continue
        }
        if (existing) result.updated++
        else result.created++
      }
    })()
    return result
  }

  private fromCsv(data: string): Item[] {
    const [header, ...rows] = parseCsv(data)
    if (!header) return []
    const names = header.map((h) => h.trim().toLowerCase())
    // Header names are compared lowercased, so custom field keys are too (`custom:callAt`).
    const defs = new Map(this.contacts.fieldDefs().map((d) => [d.key.toLowerCase(), d]))
    // A file of other headings (another program's export, a vCard picked as CSV) is refused as a
    // file with no card is: each of its rows skipped for "no name, email or phone" would be
    // untrue of rows that have them, under headings Rapport does not read.
    const read = (name: string) =>
      [...COLUMNS, 'email', 'phone'].includes(name) || (name.startsWith('custom:') && defs.has(name.slice(7)))
    if (rows.length > 0 && !names.some(read))
      throw new CoreError(
        'INVALID_INPUT',
        `This CSV file has none of the columns Rapport reads (${COLUMNS.join(', ')}): its first line is "${header.join(',').slice(0, 200)}".`
      )
    return rows.flatMap((cells, index) => {
      if (cells.every((c) => c.trim() === '')) return []
      const get = (name: string) => {
        const i = names.indexOf(name)
        return i >= 0 ? (cells[i] ?? '').trim() : undefined
      }
      const customFields: Record<string, FieldValue> = {}
      names.forEach((name, i) => {
        const def = name.startsWith('custom:') ? defs.get(name.slice(7)) : undefined
        const raw = (cells[i] ?? '').trim()
        if (def && raw)
          customFields[def.key] =
            def.type === 'number'
              ? Number(raw)
              : def.type === 'checkbox'
                ? /^(1|true|yes|x)$/i.test(raw)
                : raw
      })
      const owner = get('owner')
      const ownerId = owner
        ? (this.people.list().find((m) => m.email.toLowerCase() === owner.toLowerCase())?.id ?? null)
        : undefined
      const input = clean({
        firstName: get('first_name'),
        lastName: get('last_name'),
        // An empty cell is no display name: the contact's is made of its first and last names.
        displayName: get('display_name') || undefined,
        emails: list(get('emails') ?? get('email')),
        phones: list(get('phones') ?? get('phone')),
        company: get('company'),
        country: get('country'),
        language: get('language'),
        ownerId,
        tags: list(get('tags')),
        customFields
      })
      // The header is row 1, as a spreadsheet numbers them.
      return [{ at: `Row ${index + 2}`, input }]
    })
  }

  private fromVCard(p: VCardPerson): ContactInput {
    // vCard property names are case-insensitive (X-RAPPORT-CALLAT): keys are matched lowercased.
    const defs = new Map(this.contacts.fieldDefs().map((d) => [d.key.toLowerCase(), d]))
    const customFields: Record<string, FieldValue> = {}
    for (const [key, raw] of Object.entries(p.extra)) {
      const def = defs.get(key.toLowerCase())
      if (def)
        customFields[def.key] =
          def.type === 'number' ? Number(raw) : def.type === 'checkbox' ? raw === 'true' : raw
    }
    return clean({
      displayName: p.fullName || undefined,
      firstName: p.firstName,
      lastName: p.lastName,
      emails: p.emails,
      phones: p.phones,
      company: p.company,
      country: p.country,
      language: p.language,
      tags: p.tags,
      customFields
    })
  }
}

/** Drops undefined keys so an update leaves those fields alone. */
function clean(input: ContactInput): ContactInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ContactInput
}

function joined(existing: Contact, input: ContactInput): ContactInput {
  const fill = (current: string, next: string | undefined) => (current ? undefined : next)
  // Only the custom fields the contact has no value in: a field cleared (null) is as empty as one
  // never set, and a value of the contact's that its field's type no longer takes (stored before
  // a retype) is left alone rather than checked again, which would refuse the whole row.
  const customFields = Object.fromEntries(
    Object.entries(input.customFields ?? {}).filter(([key]) => (existing.customFields[key] ?? null) === null)
  )
  return clean({
    firstName: fill(existing.firstName, input.firstName),
    lastName: fill(existing.lastName, input.lastName),
    displayName: fill(existing.displayName, input.displayName),
    company: fill(existing.company, input.company),
    country: fill(existing.country, input.country),
    language: fill(existing.language, input.language),
    ownerId: existing.ownerId ?? input.ownerId,
    emails: [...existing.emails, ...(input.emails ?? [])],
    phones: [...existing.phones, ...(input.phones ?? [])],
    tags: [...existing.tags, ...(input.tags ?? [])],
    customFields
  })
}
