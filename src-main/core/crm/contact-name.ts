// How a name from mail ("Li Wei", "Tan, Bob") splits into first and last names: the contact
// linker fills them so, and a display name that splits into a contact's names is made of them
// (it follows when they are corrected in the drawer).

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
  if (parts.length === 1) return { first: parts[0]!, last: '' }
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! }
}

/** Whether the display name is the first and last names, as written or as mail gave them. */
export function isMadeOfNames(displayName: string, firstName: string, lastName: string): boolean {
  if (displayName === `${firstName} ${lastName}`.trim()) return true
  const split = splitName(displayName)
  return split.first === firstName && split.last === lastName
}
