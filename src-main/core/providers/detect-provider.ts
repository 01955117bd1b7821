import { Resolver } from 'node:dns/promises'
import type { DetectedSettings } from '../../../src-preload/contract/provider-commands'
import { autoconfigUrls, parseAutoconfig, type AutoconfigSettings } from './autoconfig'
import { fetchText, type FetchText } from './autoconfig-fetch'
import { parseMailDomain } from './mail-domain'
import { conventionalServers, lookupMx, providerBehindMx } from './mx-guess'
import { oauthProviderForHost, providerForDomain, userNameAt, type KnownProvider } from './provider-table'
import { lookupSrv, type DnsLookup, type SrvSettings } from './srv-lookup'

/** The network parts of detection; integration tests point them at local HTTP and DNS servers. */
export type DetectDeps = {
  fetchText: FetchText
  dns: DnsLookup
  autoconfigUrls: (domain: string, email: string) => string[]
  /** Each network step gives up after this long; detection never blocks the form for longer. */
  timeoutMs: number
}

export function defaultDetectDeps(): DetectDeps {
  return {
    fetchText,
    dns: new Resolver({ timeout: 2_000, tries: 2 }),
    autoconfigUrls,
    timeoutMs: 4_000
  }
}

/** What a DNS step that did not answer in time counts as: nothing published, nothing refused. */
const NO_SRV: SrvSettings = { imap: null, smtp: null, imapRefused: false }

/**
 * Suggests server settings for an address: the built-in table, then Mozilla autoconfig, then
 * RFC 6186 SRV records, then a provider recognised by MX, then imap./smtp.<domain> (unless SRV
 * says the domain has no IMAP server: then no servers at all). The network
 * steps run side by side, each under a deadline, and the best answer in that order wins.
 */
export async function detectProvider(email: string, deps: DetectDeps): Promise<DetectedSettings> {
  const { domain, isIp, email: address } = parseMailDomain(email)
  if (isIp) {
    // An address literal names the server itself: suggest it for both, with implicit TLS.
    return guess(address, {
      imap: { host: domain, port: 993, security: 'tls' },
      smtp: { host: domain, port: 465, security: 'tls' }
    })
  }
  const known = providerForDomain(domain)
  if (known) return fromProvider(known, address, 'table')

  const [autoconfig, srv, mx] = await Promise.all([
    withDeadline(firstAutoconfig(deps, domain, address), deps.timeoutMs, null),
    withDeadline(lookupSrv(deps.dns, domain), deps.timeoutMs, NO_SRV),
    withDeadline(lookupMx(deps.dns, domain), deps.timeoutMs, null)
  ])
  if (autoconfig) return fromAutoconfig(autoconfig)
  const fallback = conventionalServers(domain)
  if (srv.imap) {
    return { ...guess(address, { imap: srv.imap, smtp: srv.smtp ?? fallback.smtp }), source: 'srv' }
  }
  const behindMx = providerBehindMx(mx)
  if (behindMx) return fromProvider(behindMx, address, 'mx')
  // The domain said "no IMAP here" (RFC 6186 §4): imap.<domain> would be a server it denies, so
  // the user types the servers their provider gave them instead.
  if (srv.imapRefused) return { ...guess(address, { imap: null, smtp: null }), source: 'none' }
  return guess(address, fallback)
}

/** The autoconfig URLs are asked at once; the first in Thunderbird's order that parses wins. */
async function firstAutoconfig(
  deps: DetectDeps,
  domain: string,
  email: string
): Promise<AutoconfigSettings | null> {
  // Each attempt settles to settings or null by itself: one the loop below never awaits (an
  // earlier one won) must not reject unhandled when its page turns out not to be a config, which
  // would end the whole process. A malformed or hostile document counts as a missing one.
  const attempts = deps.autoconfigUrls(domain, email).map((url) =>
    deps
      .fetchText(url, deps.timeoutMs)
      .then((xml) => (xml === null ? null : parseAutoconfig(xml, email)))
      .catch(() => null)
  )
  for (const attempt of attempts) {
    const settings = await attempt
    if (settings) return settings
  }
  return null
}

function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms)
  })
  return Promise.race([work.catch(() => fallback), deadline]).finally(() => clearTimeout(timer))
}

function fromProvider(provider: KnownProvider, email: string, source: 'table' | 'mx'): DetectedSettings {
  return {
    source,
    providerId: provider.id,
    providerName: provider.name,
    user: userNameAt(provider, email),
    imap: { ...provider.imap },
    smtp: { ...provider.smtp },
    auth: provider.oauth ? 'oauth2' : 'password',
    oauthProvider: provider.oauth
  }
}

function fromAutoconfig(found: AutoconfigSettings): DetectedSettings {
  // Only when both servers are the provider's own: the form would otherwise send its token (which
  // grants the whole mailbox) to whichever SMTP host the document names.
  const imapProvider = found.oauth2 ? oauthProviderForHost(found.imap.host) : null
  const oauthProvider = imapProvider === oauthProviderForHost(found.smtp.host) ? imapProvider : null
  return {
    source: 'autoconfig',
    providerId: null,
    providerName: found.providerName,
    user: found.user,
    imap: found.imap,
    smtp: found.smtp,
    auth: oauthProvider ? 'oauth2' : 'password',
    oauthProvider
  }
}

function guess(email: string, servers: Pick<DetectedSettings, 'imap' | 'smtp'>): DetectedSettings {
  return {
    source: 'guess',
    providerId: null,
    providerName: null,
    user: email,
    ...servers,
    auth: 'password',
    oauthProvider: null
  }
}
