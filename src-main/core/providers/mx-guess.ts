import type { ServerSettings } from '../../../src-preload/contract'
import { providerForMx, type KnownProvider } from './provider-table'
import type { DnsLookup } from './srv-lookup'

/** The domain's preferred mail exchanger, or null when it has none (or DNS did not answer). */
export async function lookupMx(dns: DnsLookup, domain: string): Promise<string | null> {
  const records = await dns.resolveMx(domain).catch(() => [])
  const sorted = records.filter((r) => r.exchange).sort((a, b) => a.priority - b.priority)
  return sorted[0]?.exchange.toLowerCase().replace(/\.$/, '') ?? null
}

/** A custom domain whose MX belongs to a known provider (Google Workspace, Microsoft 365...) uses its servers. */
export function providerBehindMx(mxHost: string | null): KnownProvider | null {
  return mxHost ? providerForMx(mxHost) : null
}

/** The last resort: the names most providers use, with implicit TLS (RFC 8314). The user checks them. */
export function conventionalServers(domain: string): { imap: ServerSettings; smtp: ServerSettings } {
  return {
    imap: { host: `imap.${domain}`, port: 993, security: 'tls' },
    smtp: { host: `smtp.${domain}`, port: 465, security: 'tls' }
  }
}
