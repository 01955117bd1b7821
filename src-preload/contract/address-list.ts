// Parses the To field of the composer: recipients separated by commas or semicolons, each an
// address (ana@example.com, <ana@example.com>) or a name with one ("Smith, John" <john@x.com>,
// Ana <ana@x.com>), groups' members among them (Team: a@x.com, b@x.com;). Addresses without names
// may also be separated by spaces. Every address and
// name goes through the contract's own check (addressProblem), so what the composer and the CLI
// accept the core accepts too.
import addressparser from 'nodemailer/lib/addressparser'
import { isEmailAddress, nameProblemMessage, recipientNameProblem, type NameProblem } from './email-address'

export type ParsedAddress = { name: string; address: string }
export type ParsedAddresses = { addresses: ParsedAddress[]; invalid: string[] }

/** Why a field's recipients cannot be sent: `text` is not an address, or the name `text` has is refused. */
export type AddressProblem = { problem: 'invalidAddress' | NameProblem; text: string }

/** The first thing in a parsed field the core would refuse, or null when it takes them all. */
export function addressProblem({ addresses, invalid }: ParsedAddresses): AddressProblem | null {
  if (invalid[0] !== undefined) return { problem: 'invalidAddress', text: invalid[0] }
  for (const { name, address } of addresses) {
    const problem = recipientNameProblem(name)
    if (problem) return { problem, text: address }
  }
  return null
}

/** The problem in the core's and the CLI's words (the UI has its own, translated). */
export function addressProblemMessage({ problem, text }: AddressProblem): string {
  return problem === 'invalidAddress'
    ? `“${text}” is not a valid email address.`
    : nameProblemMessage(problem, text)
}

/** The text cut at `separators` outside quoted strings and angle brackets. */
function splitOutside(text: string, separators: RegExp): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  let angled = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted && char === '\\' && i + 1 < text.length) {
      current += char + text[++i]
      continue
    }
    if (char === '"' && !angled) quoted = !quoted
    else if (char === '<' && !quoted) angled = true
    else if (char === '>' && !quoted) angled = false
    else if (!quoted && !angled && separators.test(char)) {
      parts.push(current)
      current = ''
      continue
    }
    current += char
  }
  parts.push(current)
  return parts.map((part) => part.trim()).filter(Boolean)
}

/**
 * The item with each quoted string emptied (`"a <b>"` → `""`), so that a `<` in a name is not taken
 * for an address's. One pass: a regex for it was tried again at every later quote of an
 * unterminated one, quadratic in a hostile mailto link's `"\\"\\"…` (16 s at 100k characters).
 * After an unterminated quote no later one can close either, so the rest reads as it is.
 */
function withoutQuotedStrings(item: string): string {
  let out = ''
  for (let i = 0; i < item.length; i++) {
    if (item[i] !== '"') {
      out += item[i]
      continue
    }
    let end = i + 1
    while (end < item.length && item[end] !== '"') end += item[end] === '\\' ? 2 : 1
    if (end >= item.length) return out + item.slice(i)
    out += '""'
    i = end
  }
  return out
}

/** One recipient: `Name <address>` through nodemailer's parser, else addresses without names. */
function parseItem(item: string): Array<ParsedAddress | string> {
  if (withoutQuotedStrings(item).includes('<')) {
    const parsed = addressparser(item, { flatten: true })
    const only = parsed.length === 1 ? parsed[0] : undefined
    // "a@x.test <b@x.test>" reads as a name that is an address: two recipients missing a comma.
    return only?.address && isEmailAddress(only.address) && !only.name.includes('@')
      ? [{ name: only.name, address: only.address }]
      : [item]
  }
  return splitOutside(item, /\s/).map((word) => (isEmailAddress(word) ? { name: '', address: word } : word))
}

// A group's name and its colon (RFC 5322: `Team: a@x, b@y;`), quoted or not, with no address in it.
const GROUP_NAME = /^(?:"(?:[^"\\]|\\.)*"|[^"<>:@])*:/

/** The item without the name of the group it opens: a group's members are recipients as any other. */
function withoutGroupName(item: string): string {
  const name = GROUP_NAME.exec(item)
  return name ? item.slice(name[0].length).trim() : item
}

export function parseAddressList(text: string): ParsedAddresses {
  const addresses: ParsedAddress[] = []
  const invalid: string[] = []
  const seen = new Set<string>()
  // The `;` that ends a group separates as a comma does.
  for (const item of splitOutside(text, /[,;]/).map(withoutGroupName).filter(Boolean)) {
    for (const parsed of parseItem(item)) {
      if (typeof parsed === 'string') invalid.push(parsed)
      else if (!seen.has(parsed.address.toLowerCase())) {
        seen.add(parsed.address.toLowerCase())
        addresses.push(parsed)
      }
    }
  }
  return { addresses, invalid }
}

/**
 * Recipients as the To field shows them, which parseAddressList reads back the same: a name is
 * quoted when it holds what would split or end it, and left out when it holds an @ (the parser
 * takes a name that is an address for two recipients).
 */
export function formatAddressList(addresses: readonly ParsedAddress[]): string {
  return addresses
    .map(({ name, address }) => {
      if (!name.trim() || name.includes('@')) return address
      const safe = /^[^",;<>()[\]\\:]*$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`
      return `${safe} <${address}>`
    })
    .join(', ')
}
