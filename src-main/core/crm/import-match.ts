import type { Database } from 'better-sqlite3'
import { prepared } from '../db/statement-cache'
import { joinNames } from './contact-name'
import { normalizePhone, type Contact, type ContactInput, type ContactRepository } from './contact-repository'

/**
 * The contacts with neither email nor phone under a row's names and company. Run for each such
 * row of an import, so it seeks contacts_by_display_name (migration 0048) rather than reading
 * every contact: a phone book of names only took minutes, holding the write lock all along.
 */
export const NAME_MATCH_SQL = `SELECT c.id FROM contacts c
  WHERE c.deleted = 0 AND c.display_name = ? AND c.first_name = ? AND c.last_name = ? AND c.company = ?
    AND NOT EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id AND e.deleted = 0)
    AND NOT EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id AND p.deleted = 0)
  LIMIT 2`

/**
 * The contact an imported row or card is, so that importing a file again (or a teammate's export
 * of the same people) updates what the first import made instead of making everyone twice.
 *
 * An email is a person's identity: the contact holding one of the row's addresses. A row without
 * one (a phone book's entries often have only a number) is the contact holding one of its phones
 * under the row's name (or where either has none): a holder named otherwise is another person
 * sharing the number, not this one; when several fit, the one with the row's name, and none if
 * that does not tell them apart. A row with neither email
 * nor phone is the one contact with neither that has the same names and company; a row's emails
 * that nobody holds make a new contact, whatever its phone, as before.
 */
export class ImportMatch {
  constructor(
    private readonly db: Database,
    private readonly contacts: ContactRepository
  ) {}

  find(input: ContactInput): Contact | null {
    const emails = input.emails ?? []
    if (emails.length > 0) return emails.map((e) => this.contacts.byEmail(e)).find((c) => c !== null) ?? null
    const phones = [...new Set((input.phones ?? []).map(normalizePhone).filter((p) => p.replace('+', '')))]
    const id = phones.length > 0 ? this.byPhone(phones, displayName(input)) : this.byName(input)
    return id ? this.contacts.find(id) : null
  }

  private byPhone(phones: string[], name: string): string | null {
    const holders = prepared(
      this.db,
      `SELECT DISTINCT c.id AS id, c.display_name AS name FROM contact_phones p
         JOIN contacts c ON c.id = p.contact_id AND c.deleted = 0
        WHERE p.deleted = 0 AND p.phone IN (SELECT value FROM json_each(?))`
    ).all(JSON.stringify(phones)) as Array<{ id: string; name: string }>
    // A holder with another name is someone else sharing the number (an office's switchboard, a
    // family's landline): taking them for the row's person merged a whole phone book into one.
    const key = nameKey(name)
    const fits = key === '' ? holders : holders.filter((h) => [key, ''].includes(nameKey(h.name)))
    if (fits.length === 1) return fits[0]!.id
    const named = fits.filter((h) => key !== '' && nameKey(h.name) === key)
    return named.length === 1 ? named[0]!.id : null
  }

  private byName(input: ContactInput): string | null {
    const ids = prepared(this.db, NAME_MATCH_SQL)
      .pluck()
      .all(displayName(input), input.firstName ?? '', input.lastName ?? '', input.company ?? '') as string[]
    return ids.length === 1 ? ids[0]! : null
  }
}

/** A name as compared: case and spacing do not make another person. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase()

/** The display name a contact made from the row gets (ContactRepository.write). */
const displayName = (input: ContactInput) =>
  input.displayName ?? joinNames(input.firstName ?? '', input.lastName ?? '')
