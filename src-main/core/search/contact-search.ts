import type { Database, Statement } from 'better-sqlite3'
import type { ContactHit } from '../../../src-preload/contract'
import { quoteFts, wordExpression } from './fts-expression'
import { countGraphemes, minQueryCharacters } from './search-text'

const PHONE_PUNCTUATION = /[\s\-().+/]/g

/**
 * Word-prefix match on names, emails and phones: every typed word must start a word of the
 * contact ("car" finds Carlos and Carter, not Scarlet or Oscar). A query that looks like a phone
 * number also matches the digits of a phone, whatever punctuation either was written with.
 */
export function contactMatchExpression(query: string): string | null {
  const words = query
    .trim()
    .split(/\s+/)
    .map((word) => wordExpression(word, { prefix: true }))
    .filter((expression): expression is string => expression !== null)
  if (words.length === 0) return null
  // Every word is a prefix here, however short: contacts are few, and "Li Na" or "Jo Sm" is how
  // people look someone up.
  const all = words.map((w) => (w.endsWith('*') ? w : `${w}*`)).join(' AND ')
  const digits = query.replace(PHONE_PUNCTUATION, '')
  return /^\d{3,}$/.test(digits) ? `(${all}) OR ({phones} : ${quoteFts(digits)}*)` : all
}

type ContactRow = {
  id: string
  display_name: string
  first_name: string
  last_name: string
  company: string
  emails: string | null
  phones: string | null
  last_message_at: number | null
}

export type ContactSearchResult = { contacts: ContactHit[]; tooShort: boolean; minLength: number }

const CONTACT_COLUMNS = `c.id, c.display_name, c.first_name, c.last_name, c.company,
  (SELECT json_group_array(address) FROM contact_emails WHERE contact_id = c.id AND deleted = 0) AS emails,
  (SELECT json_group_array(phone) FROM contact_phones WHERE contact_id = c.id AND deleted = 0) AS phones,
  (SELECT max(date) FROM messages WHERE contact_id = c.id) AS last_message_at`

const toHit = (row: ContactRow): ContactHit => ({
  id: row.id,
  displayName: row.display_name,
  firstName: row.first_name,
  lastName: row.last_name,
  company: row.company,
  emails: JSON.parse(row.emails ?? '[]') as string[],
  phones: JSON.parse(row.phones ?? '[]') as string[],
  lastMessageAt: row.last_message_at === null ? null : new Date(row.last_message_at).toISOString()
})

export class ContactSearch {
  private readonly byWords: Statement
  private readonly byCustomField: Statement

  constructor(db: Database) {
    // Names weigh more than addresses: "dewi" should rank Dewi Lestari above dewi.s@ of someone else.
    this.byWords = db.prepare(`SELECT ${CONTACT_COLUMNS}
      FROM contacts_fts f
      JOIN contact_search_keys k ON k.key = f.rowid
      JOIN contacts c ON c.id = k.contact_id AND c.deleted = 0
      WHERE contacts_fts MATCH @match
      ORDER BY bm25(contacts_fts, 4.0, 4.0, 2.0, 1.0, 1.0), last_message_at DESC, c.display_name
      LIMIT @limit`)
    // Custom fields match the whole value (case-insensitively), and only text and number fields:
    // a checkbox, date or time value is a filter, not something typed into search. Contacts are
    // few (thousands), so a scan of their JSON is cheaper than keeping another index in step.
    this.byCustomField = db.prepare(`SELECT ${CONTACT_COLUMNS}
      FROM contacts c
      WHERE c.deleted = 0 AND EXISTS (SELECT 1 FROM json_each(c.custom_fields) j
        JOIN contact_field_defs d ON d.key = j.key AND d.type IN ('text', 'number')
        WHERE trim(CAST(j.value AS TEXT)) = @value COLLATE NOCASE)
      ORDER BY last_message_at DESC, c.display_name
      LIMIT @limit`)
  }

  search(input: { query: string; limit?: number }): ContactSearchResult {
    const minLength = minQueryCharacters(input.query)
    if (countGraphemes(input.query) < minLength) return { contacts: [], minLength, tooShort: true }
    const limit = input.limit ?? 20
    // An exact custom-field value (a customer number, say) is the most specific answer: first.
    const exact = this.byCustomField.all({ value: input.query.trim(), limit }) as ContactRow[]
    const match = contactMatchExpression(input.query)
    const words = match === null ? [] : (this.byWords.all({ match, limit }) as ContactRow[])
    const seen = new Set<string>()
    const rows = [...exact, ...words].filter((row) => !seen.has(row.id) && seen.add(row.id)).slice(0, limit)
    return { contacts: rows.map(toHit), tooShort: false, minLength }
  }
}
