import type { MxRecord, SrvRecord } from 'node:dns'
import type { ServerSettings } from '../../../src-preload/contract'

/** The part of node's dns.promises.Resolver detection uses; tests point a real one at a local DNS server. */
export type DnsLookup = {
  resolveSrv(name: string): Promise<SrvRecord[]>
  resolveMx(name: string): Promise<MxRecord[]>
}

export type SrvSettings = { imap: ServerSettings | null; smtp: ServerSettings | null }

/** RFC 6186 services, best first: implicit TLS (RFC 8314) before STARTTLS. */
const IMAP_SERVICES = [
  { name: '_imaps._tcp', security: 'tls' },
  { name: '_imap._tcp', security: 'starttls' }
] as const
const SMTP_SERVICES = [
  { name: '_submissions._tcp', security: 'tls' },
  { name: '_submission._tcp', security: 'starttls' }
] as const

/** RFC 6186 lookups: the IMAP and submission servers a domain publishes in SRV records. */
export async function lookupSrv(dns: DnsLookup, domain: string): Promise<SrvSettings> {
  const [imap, smtp] = await Promise.all([
    firstService(dns, domain, IMAP_SERVICES),
    firstService(dns, domain, SMTP_SERVICES)
  ])
  return { imap, smtp }
}

async function firstService(
  dns: DnsLookup,
  domain: string,
  services: ReadonlyArray<{ name: string; security: ServerSettings['security'] }>
): Promise<ServerSettings | null> {
  const answers = await Promise.all(
    services.map((s) => dns.resolveSrv(`${s.name}.${domain}`).catch(() => [] as SrvRecord[]))
  )
  for (const [i, records] of answers.entries()) {
    const best = bestRecord(records)
    if (best)
      return {
        host: best.name.toLowerCase().replace(/\.$/, ''),
        port: best.port,
        security: services[i]!.security
      }
  }
  return null
}

/** Lowest priority, then highest weight. A target of "." means "no such service here" (RFC 2782). */
function bestRecord(records: SrvRecord[]): SrvRecord | null {
  const usable = records.filter((r) => r.name && r.name !== '.' && r.port > 0)
  usable.sort((a, b) => a.priority - b.priority || b.weight - a.weight)
  return usable[0] ?? null
}
