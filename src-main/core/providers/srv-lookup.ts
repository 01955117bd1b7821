import type { MxRecord, SrvRecord } from 'node:dns'
import type { ServerSettings } from '../../../src-preload/contract'

/** The part of node's dns.promises.Resolver detection uses; tests point a real one at a local DNS server. */
export type DnsLookup = {
  resolveSrv(name: string): Promise<SrvRecord[]>
  resolveMx(name: string): Promise<MxRecord[]>
}

export type SrvSettings = {
  imap: ServerSettings | null
  smtp: ServerSettings | null
  /**
   * Every IMAP service (_imaps and _imap) answered with only "." targets: the domain says it has
   * no IMAP server (RFC 6186 §4), so guessing imap.<domain> would only suggest a server it denies.
   */
  imapRefused: boolean
}

/** One SRV service's answer: a usable server, a "." refusal, or nothing published. */
type ServiceAnswer = { server: ServerSettings } | 'refused' | 'absent'

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
    serviceAnswers(dns, domain, IMAP_SERVICES),
    serviceAnswers(dns, domain, SMTP_SERVICES)
  ])
  return {
    imap: firstServer(imap),
    smtp: firstServer(smtp),
    imapRefused: imap.every((answer) => answer === 'refused')
  }
}

async function serviceAnswers(
  dns: DnsLookup,
  domain: string,
  services: ReadonlyArray<{ name: string; security: ServerSettings['security'] }>
): Promise<ServiceAnswer[]> {
  return Promise.all(
    services.map(async (s) => {
      const records = await dns.resolveSrv(`${s.name}.${domain}`).catch(() => [] as SrvRecord[])
      const best = bestRecord(records)
      if (best) {
        const host = best.name.toLowerCase().replace(/\.$/, '')
        return { server: { host, port: best.port, security: s.security } }
      }
      return records.some(isRefusal) ? 'refused' : 'absent'
    })
  )
}

/** The best service's server, in the order the services are listed (implicit TLS first). */
function firstServer(answers: ServiceAnswer[]): ServerSettings | null {
  for (const answer of answers) if (typeof answer === 'object') return answer.server
  return null
}

/**
 * A target of "." means "decidedly not available at this domain" (RFC 2782). Node's resolver
 * gives it as an empty name; a name server may also send it through as ".".
 */
function isRefusal(record: SrvRecord): boolean {
  return record.name === '' || record.name === '.'
}

/** Lowest priority, then highest weight, among the records naming a server. */
function bestRecord(records: SrvRecord[]): SrvRecord | null {
  const usable = records.filter((r) => !isRefusal(r) && r.port > 0)
  usable.sort((a, b) => a.priority - b.priority || b.weight - a.weight)
  return usable[0] ?? null
}
