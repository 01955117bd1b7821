import { isIP } from 'node:net'
import { domainToUnicode } from 'node:url'
import { CoreError } from '../errors'
import { asciiDomain } from '../mail-server/host-names'

export type MailDomain = {
  /** The address as typed, trimmed. */
  email: string
  /** The domain on the wire: punycode for internationalized names, the bare IP for address literals. */
  domain: string
  /** True for user@[192.0.2.1] or user@192.0.2.1: no DNS to ask, the servers are that address. */
  isIp: boolean
}

/**
 * Splits an address into the domain the lookups use. Internationalized domains become punycode
 * (bücher.example -> xn--bcher-kva.example) because DNS and HTTP speak ASCII only.
 */
export function parseMailDomain(address: string): MailDomain {
  const email = withoutRootDot(address.trim())
  const at = email.lastIndexOf('@')
  const raw = at > 0 ? email.slice(at + 1) : ''
  const literal = raw.replace(/^\[(?:IPv6:)?(.*)\]$/i, '$1')
  if (isIP(literal)) return { email, domain: literal, isIp: true }
  const domain = (raw && rootless(asciiDomain(raw))) || ''
  // isIP(domain): the URL parser reads 192.168.1 or 0x7f.1 as IPv4 shorthand (192.168.0.1,
  // 127.0.0.1); no one has such an address, and it would be looked up as a name.
  if (
    !domain ||
    !domain.includes('.') ||
    domain.split('.').includes('') ||
    domain.length > 253 ||
    isIP(domain)
  ) {
    throw new CoreError(
      'INVALID_INPUT',
      `"${email}" is not an email address Rapport can look up: type it as name@domain, e.g. ana@example.com.`,
      'email'
    )
  }
  return { email: `${email.slice(0, at)}@${typedDomain(raw, domain)}`, domain, isIp: false }
}

/**
 * The domain as typed when it is written as itself, in ASCII or in Unicode. Otherwise it was typed
 * with look-alikes the lookups map away (an IME's 。 or ． for the dot, full-width letters:
 * ana@qq。com is ana@qq.com), which must not reach the user name the server is asked to sign in
 * or the address saved and sent from: its Unicode form replaces it.
 */
function typedDomain(raw: string, domain: string): string {
  const typed = raw.toLowerCase().normalize('NFC')
  return typed === domain || typed === domainToUnicode(domain) ? raw : domainToUnicode(domain)
}

/**
 * The address with its domain as it goes on the wire (punycode, lower case): one mailbox typed
 * as eva@bücher.example or eva@xn--bcher-kva.example is the same mailbox.
 */
export function mailboxKey(address: string): string {
  const email = withoutRootDot(address.trim().toLowerCase())
  const at = email.lastIndexOf('@')
  if (at <= 0) return email
  const raw = email.slice(at + 1)
  const literal = raw.replace(/^\[(?:ipv6:)?(.*)\]$/i, '$1')
  const domain = isIP(literal) ? literal : (rootless(asciiDomain(raw)) ?? raw)
  return `${email.slice(0, at)}@${domain}`
}

/**
 * ana@example.com. is ana@example.com written with DNS's root dot (a pasted FQDN): without it,
 * the built-in table misses gmail.com., and the dot would end up in the user name the server is
 * asked to sign in, in the suggested host names, and in a second account for the same mailbox.
 */
function withoutRootDot(email: string): string {
  return email.endsWith('.') && !email.endsWith('..') ? email.slice(0, -1) : email
}

/** An IME's root dot (qq.com。) survives withoutRootDot, and is only a dot once the name is ASCII. */
function rootless(domain: string | null): string | null {
  return domain?.endsWith('.') && !domain.endsWith('..') ? domain.slice(0, -1) : domain
}
