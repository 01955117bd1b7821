// Dates, times and numbers follow the user's own region of the UI language: the UI has one
// English, but a British user reads "02/11/2026, 14:05", not "11/2/26, 2:05 PM" (2 November read
// as 11 February). The region comes from the system's (or browser's) preferred languages.

/**
 * The first of `preferred` written in the same language and script as `language` (en-GB for
 * English; zh-SG but not zh-TW, whose Traditional script the Simplified UI does not use), or
 * `language` itself when none is.
 */
export function regionalLocale(language: string, preferred: readonly string[]): string {
  const ui = maximize(language)
  if (!ui) return language
  for (const tag of preferred) {
    const own = maximize(tag)
    if (own && own.language === ui.language && own.script === ui.script) return canonical(tag)
  }
  return language
}

function maximize(tag: string): Intl.Locale | null {
  try {
    return new Intl.Locale(tag).maximize()
  } catch {
    return null
  }
}

function canonical(tag: string): string {
  return new Intl.Locale(tag).toString()
}

let preferredLocales: readonly string[] = []
// Asked for every date of every list row: worked out once per UI language.
const chosen = new Map<string, string>()

/** Set once at start from navigator.languages; until then (and in tests) the UI language is used as it is. */
export function setPreferredLocales(preferred: readonly string[]): void {
  preferredLocales = [...preferred]
  chosen.clear()
}

/** The locale to format dates, times and numbers with for the UI language `language`. */
export function formatLocale(language: string): string {
  let locale = chosen.get(language)
  if (locale === undefined) chosen.set(language, (locale = regionalLocale(language, preferredLocales)))
  return locale
}
