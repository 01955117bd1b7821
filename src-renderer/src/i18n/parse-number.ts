// Numbers typed as the user's region writes them: "2.500.000,75" in Indonesian is 2500000.75. A
// number input reads only "2500000.75" and drops the keys it does not take (the "," and a second
// "."), so a value typed the Indonesian way was saved a million times too small or 100 times too big.

function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5)
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? '',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.'
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The number `text` writes in `locale`, or null when it is not one: group separators only
 * between groups of three digits ("1.5" is refused in Indonesian rather than read as 15 or 1.5).
 */
export function parseLocaleNumber(text: string, locale: string): number | null {
  const { group, decimal } = separators(locale)
  // A space groups digits in some regions (a no-break one when formatted); typed, it is a plain one.
  const spaced = /^\s$/u.test(group)
  const compact = text.trim().replace(/\s/gu, spaced ? group : '')
  const d = escape(decimal)
  const plain = new RegExp(`^-?\\d+(?:${d}\\d+)?$`)
  const grouped = group ? new RegExp(`^-?\\d{1,3}(?:${escape(group)}\\d{3})+(?:${d}\\d+)?$`) : null
  if (!plain.test(compact) && !grouped?.test(compact)) return null
  return Number((group ? compact.split(group).join('') : compact).replace(decimal, '.'))
}

/** A stored number ("2500000.75") as the user edits it in `locale`: "2500000,75", without groups. */
export function editableNumber(value: string, locale: string): string {
  if (value.trim() === '') return ''
  const number = Number(value)
  if (!Number.isFinite(number)) return value
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }).format(number)
}
