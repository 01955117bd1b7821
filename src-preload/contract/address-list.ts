// Parses the To field of the composer: recipients separated by commas or semicolons, each an
// address (ana@example.com, <ana@example.com>) or a name with one ("Smith, John" <john@x.com>,
// Ana <ana@x.com>). Addresses without names may also be separated by spaces. Every address goes
// through the contract's own check, so what the composer accepts the core accepts too.
import addressparser from 'nodemailer/lib/addressparser'
import { isEmailAddress } from './email-address'

export type ParsedAddress = { name: string; address: string }
export type ParsedAddresses = { addresses: ParsedAddress[]; invalid: string[] }

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

/** One recipient: `Name <address>` through nodemailer's parser, else addresses without names. */
function parseItem(item: string): Array<ParsedAddress | string> {
  if (item.replace(/"(?:[^"\\]|\\.)*"/g, '""').includes('<')) {
    const parsed = addressparser(item, { flatten: true })
    const only = parsed.length === 1 ? parsed[0] : undefined
    // "a@x.test <b@x.test>" reads as a name that is an address: two recipients missing a comma.
    return only?.address && isEmailAddress(only.address) && !only.name.includes('@')
      ? [{ name: only.name, address: only.address }]
      : [item]
  }
  return splitOutside(item, /\s/).map((word) => (isEmailAddress(word) ? { name: '', address: word } : word))
}

export function parseAddressList(text: string): ParsedAddresses {
  const addresses: ParsedAddress[] = []
  const invalid: string[] = []
  const seen = new Set<string>()
  for (const item of splitOutside(text, /[,;]/)) {
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
