import { isIP } from 'node:net'
import { domainToASCII } from 'node:url'

/**
 * What a URL parser stops at or decodes: domainToASCII('mail.example.com/x') is 'mail.example.com',
 * domainToASCII('smtp?x') is 'smtp' and domainToASCII('a%41.example') is 'aa.example'. A name with
 * one of them is not a host name, and must not be quietly turned into another one.
 */
const NOT_IN_HOST_NAMES = /[/?#\\%@:\s]/

/** A domain or host name in its wire form (punycode, lower case), or null when it is not one. */
export function asciiDomain(name: string): string | null {
  if (NOT_IN_HOST_NAMES.test(name)) return null
  return domainToASCII(name.toLowerCase()) || null
}

/** Internationalized host names go on the wire as punycode; IP addresses pass unchanged. */
export function toAsciiHost(host: string): string {
  const trimmed = host.trim().replace(/^\[(.*)\]$/, '$1')
  if (isIP(trimmed)) return trimmed
  return asciiDomain(trimmed) ?? trimmed
}

/** Whether a host (as toAsciiHost gives it) is a name or an IP address, not a URL or host:port. */
export function isHostNameOrIp(host: string): boolean {
  return isIP(host) !== 0 || !NOT_IN_HOST_NAMES.test(host)
}

export function isLoopbackHost(host: string): boolean {
  const h = toAsciiHost(host)
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'))
}
