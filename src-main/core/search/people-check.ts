// The address substring test of the trigram index (sender, recipients, cc columns), made on a
// message row: for a query whose words already pick the candidates ("to:@gmail laporan"),
// checking each candidate is far cheaper than listing every match of the address.
import type { Database } from 'better-sqlite3'
import type { Address } from '../../../src-preload/contract'
import { personEntry as entry } from './message-index'
import { fold } from './search-text'

export const PEOPLE_CONTAIN = 'search_people_contain'

function entries(json: string): string[] {
  try {
    return (JSON.parse(json) as Address[]).map((a) => entry(a.name ?? '', a.address ?? ''))
  } catch {
    return []
  }
}

/**
 * search_people_contain(needle, fromName, fromAddress, ...recipientJson): whether one of the
 * people contains `needle` (already folded), folded as the trigram tokenizer folds (case and
 * accents). fromName/fromAddress are NULL when the sender is not searched. Each entry is tested
 * on its own, as trigrams cannot match across the line breaks between entries.
 */
export function registerPeopleCheck(db: Database): void {
  db.function(
    PEOPLE_CONTAIN,
    { deterministic: true, varargs: true },
    (needle, fromName, fromAddress, ...json) => {
      const people: string[] = []
      if (typeof fromAddress === 'string') people.push(entry(String(fromName ?? ''), fromAddress))
      for (const list of json) if (typeof list === 'string') people.push(...entries(list))
      const wanted = String(needle)
      return people.some((person) => fold(person.normalize('NFC')).includes(wanted)) ? 1 : 0
    }
  )
}
