// Names the user gave (members, teams, custom inboxes) are listed in the order of the user's
// language: pinyin for Chinese (安娜, 白雪, 陈明), "archive" next to "Archive clients" in
// English. The core lists them by code point (its order stays fixed for the CLI); the UI sorts.

import { formatLocale } from './regional-locale'

// Building a collator costs far more than using one: one per locale.
const collators = new Map<string, Intl.Collator>()

function nameCollator(language: string): Intl.Collator {
  const locale = formatLocale(language)
  let collator = collators.get(locale)
  if (!collator) collators.set(locale, (collator = new Intl.Collator(locale)))
  return collator
}

/**
 * `items` sorted by `nameOf` for the UI language `language`; a copy. Names the language sorts
 * as equal keep the order they came in (the core's, by id), so the list does not jump about.
 */
export function sortByName<T>(items: readonly T[], language: string, nameOf: (item: T) => string): T[] {
  const { compare } = nameCollator(language)
  return [...items].sort((a, b) => compare(nameOf(a), nameOf(b)))
}
