// How a name from mail ("Li Wei", "Tan, Bob", "陈静") splits into first and last names: the
// contact linker fills them so, and a display name that splits into a contact's names is made of
// them (it follows when they are corrected in the drawer).

// Chinese and Korean names in their own script are written family name first, with no space
// between the names (陈静, 김민수); in Latin letters ("Li Wei") they follow the Latin rules.
const FAMILY_FIRST = /^[\p{Script=Han}\p{Script=Hangul}]+$/u

export function splitName(name: string): { first: string; last: string } {
  // Quotes around the name go; an apostrophe in it (O'Brien, D'Souza) is part of the name.
  const clean = name
    .replace(/"/g, '')
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .trim()
  if (!clean || clean.includes('@')) return { first: '', last: '' }
  const comma = clean.split(',')
  if (comma.length === 2) return { first: comma[1]!.trim(), last: comma[0]!.trim() }
  const parts = clean.split(/\s+/)
  if (parts.every((part) => FAMILY_FIRST.test(part))) return splitFamilyFirst(parts)
  if (parts.length === 1) return { first: parts[0]!, last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! }
}

function splitFamilyFirst(parts: string[]): { first: string; last: string } {
  // Spaced ("陈 静", "山田 太郎"): the first word is the family name.
  if (parts.length > 1) return { first: parts.slice(1).join(' '), last: parts[0]! }
  // Unspaced, the common rule: a name of two or three characters has a one-character family
  // name (陈静 is 陈 and 静, 王小明 is 王 and 小明). Two-character family names (欧阳) exist but
  // are rare; a longer name (欧阳娜娜, or a Japanese 山田太郎) cannot be split safely, so it stays
  // whole, as a one-word name does.
  const chars = [...parts[0]!]
  if (chars.length === 2 || chars.length === 3) return { first: chars.slice(1).join(''), last: chars[0]! }
  return { first: parts[0]!, last: '' }
}

/** The display name made of a first and a last name: 陈静 for 静 and 陈, "Bob Tan" for Bob and Tan. */
export function joinNames(first: string, last: string): string {
  if (FAMILY_FIRST.test(first) && FAMILY_FIRST.test(last)) return `${last}${first}`
  return `${first} ${last}`.trim()
}

/** Whether the display name is the first and last names, as written or as mail gave them. */
export function isMadeOfNames(displayName: string, firstName: string, lastName: string): boolean {
  if (displayName === joinNames(firstName, lastName)) return true
  const split = splitName(displayName)
  return split.first === firstName && split.last === lastName
}
