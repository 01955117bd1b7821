import { isIP } from 'node:net'
import { domainToASCII } from 'node:url'

/** Internationalized host names go on the wire as punycode; IP addresses pass unchanged. */
export function toAsciiHost(host: string): string {
  const trimmed = host.trim().replace(/^\[(.*)\]$/, '$1')
  if (isIP(trimmed)) return trimmed
  return domainToASCII(trimmed.toLowerCase()) || trimmed
}

export function isLoopbackHost(host: string): boolean {
  const h = toAsciiHost(host)
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'))
}
