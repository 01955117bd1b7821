import type { ServerSettings } from '../../../src-preload/contract'

export type OAuthProviderId = 'google' | 'microsoft'

/** Where a provider's OAuth2 authorization server lives and what it must grant for IMAP + SMTP. */
export type OAuthEndpoints = {
  authorizationUrl: string
  tokenUrl: string
  scopes: string[]
}

export type KnownProvider = {
  id: string
  name: string
  /** Mail domains the provider hosts for its own users. */
  domains: string[]
  /** MX host suffixes that reveal the provider behind a custom domain (Google Workspace, Microsoft 365). */
  mxSuffixes: string[]
  imap: ServerSettings
  smtp: ServerSettings
  /** Whether sign-in needs OAuth2 (password sign-in is switched off or app-password only). */
  oauth: OAuthProviderId | null
  /**
   * Whether the provider's user names never hold a + (Gmail, Microsoft, Yahoo, Apple and Fastmail
   * allow none): name+tag@ is then name@'s sub-address, which its sign-in does not know, and
   * name@ is the user name to suggest. The account's own address stays as typed.
   */
  plusTags?: true
}

/** The authorization servers, from the providers' documentation; tests and settings may override them. */
export const OAUTH_ENDPOINTS: Record<OAuthProviderId, OAuthEndpoints> = {
  google: {
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    scopes: ['https://mail.google.com/']
  },
  microsoft: {
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: [
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
      'offline_access'
    ]
  }
}

/**
 * The server domains that are each OAuth2 provider's own: its access token grants the whole
 * mailbox, so it goes to no other host (see OAuthFlows.finish and detection from autoconfig).
 */
const OAUTH_SERVER_DOMAINS: Record<OAuthProviderId, RegExp> = {
  google: /(^|\.)(gmail|googlemail|google)\.com$/,
  microsoft: /(^|\.)(office365|outlook)\.com$/
}

/** The OAuth2 provider whose own server this host is, or null. */
export function oauthProviderForHost(host: string): OAuthProviderId | null {
  const name = host.toLowerCase().replace(/\.$/, '')
  for (const [provider, domains] of Object.entries(OAUTH_SERVER_DOMAINS))
    if (domains.test(name)) return provider as OAuthProviderId
  return null
}

const tls = (host: string, port: number): ServerSettings => ({ host, port, security: 'tls' })
const starttls = (host: string, port = 587): ServerSettings => ({ host, port, security: 'starttls' })

export const PROVIDERS: readonly KnownProvider[] = [
  {
    id: 'gmail',
    name: 'Gmail',
    domains: ['gmail.com', 'googlemail.com'],
    mxSuffixes: ['google.com', 'googlemail.com'],
    imap: tls('imap.gmail.com', 993),
    smtp: tls('smtp.gmail.com', 465),
    oauth: 'google',
    plusTags: true
  },
  {
    id: 'outlook',
    name: 'Outlook / Microsoft 365',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'hotmail.co.uk', 'outlook.fr', 'live.fr'],
    // mx.microsoft: the DNSSEC MX hosts Exchange Online gives domains added since August 2025.
    mxSuffixes: ['mail.protection.outlook.com', 'olc.protection.outlook.com', 'mx.microsoft'],
    imap: tls('outlook.office365.com', 993),
    smtp: starttls('smtp.office365.com'),
    oauth: 'microsoft',
    plusTags: true
  },
  {
    id: 'yahoo',
    name: 'Yahoo Mail',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.co.id',
      'yahoo.fr',
      'yahoo.de'
    ],
    mxSuffixes: ['yahoodns.net'],
    imap: tls('imap.mail.yahoo.com', 993),
    smtp: tls('smtp.mail.yahoo.com', 465),
    oauth: null,
    plusTags: true
  },
  // AOL's MX hosts are Yahoo's (…mail.gm0.yahoodns.net), whose servers refuse AOL accounts:
  // without this entry, aol.com would be sent to imap.mail.yahoo.com.
  {
    id: 'aol',
    name: 'AOL Mail',
    domains: ['aol.com', 'aim.com', 'aol.co.uk', 'aol.de', 'aol.fr'],
    mxSuffixes: [],
    imap: tls('imap.aol.com', 993),
    smtp: tls('smtp.aol.com', 465),
    oauth: null,
    plusTags: true
  },
  {
    id: 'icloud',
    name: 'iCloud Mail',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mxSuffixes: ['mail.icloud.com'],
    imap: tls('imap.mail.me.com', 993),
    smtp: starttls('smtp.mail.me.com'),
    oauth: null,
    plusTags: true
  },
  {
    id: 'fastmail',
    name: 'Fastmail',
    domains: ['fastmail.com', 'fastmail.fm', 'fastmail.net', 'fastmail.org', 'messagingengine.com'],
    mxSuffixes: ['messagingengine.com'],
    imap: tls('imap.fastmail.com', 993),
    smtp: tls('smtp.fastmail.com', 465),
    oauth: null,
    plusTags: true
  },
  {
    id: 'zoho',
    name: 'Zoho Mail',
    domains: ['zoho.com', 'zohomail.com'],
    mxSuffixes: [],
    imap: tls('imap.zoho.com', 993),
    smtp: tls('smtp.zoho.com', 465),
    oauth: null
  },
  // A company's own domain on Zoho (mx.zoho.com) is an organization account, which Zoho serves
  // from imappro/smtppro: its imap/smtp.zoho.com are for personal @zoho.com addresses.
  {
    id: 'zoho-org',
    name: 'Zoho Mail',
    domains: [],
    mxSuffixes: ['zoho.com'],
    imap: tls('imappro.zoho.com', 993),
    smtp: tls('smtppro.zoho.com', 465),
    oauth: null
  },
  // Zoho keeps each region's organizations on that region's servers (mx.zoho.eu -> imappro.zoho.eu):
  // the .com ones refuse an account held in the EU, India or Australia.
  ...(['eu', 'in', 'com.au'] as const).map((region): KnownProvider => ({
    id: `zoho-org-${region.replace('com.', '')}`,
    name: 'Zoho Mail',
    domains: [],
    mxSuffixes: [`zoho.${region}`],
    imap: tls(`imappro.zoho.${region}`, 993),
    smtp: tls(`smtppro.zoho.${region}`, 465),
    oauth: null
  })),
  {
    id: 'gmx',
    name: 'GMX',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    mxSuffixes: ['gmx.net'],
    imap: tls('imap.gmx.net', 993),
    smtp: starttls('mail.gmx.net'),
    oauth: null
  },
  {
    id: 'gmx-com',
    name: 'GMX',
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk'],
    mxSuffixes: ['gmx.com'],
    imap: tls('imap.gmx.com', 993),
    smtp: starttls('mail.gmx.com'),
    oauth: null
  },
  {
    id: 'qq',
    name: 'QQ Mail',
    domains: ['qq.com', 'foxmail.com', 'vip.qq.com'],
    mxSuffixes: ['qq.com'],
    imap: tls('imap.qq.com', 993),
    smtp: tls('smtp.qq.com', 465),
    oauth: null
  },
  {
    id: '163',
    name: 'NetEase 163',
    domains: ['163.com'],
    mxSuffixes: ['163.com', 'netease.com'],
    imap: tls('imap.163.com', 993),
    smtp: tls('smtp.163.com', 465),
    oauth: null
  },
  // NetEase's other free domains have servers of their own; without them here, their MX hosts
  // (…mxmail.netease.com) would send them to 163's, which refuse their accounts.
  {
    id: '126',
    name: 'NetEase 126',
    domains: ['126.com'],
    mxSuffixes: [],
    imap: tls('imap.126.com', 993),
    smtp: tls('smtp.126.com', 465),
    oauth: null
  },
  {
    id: 'yeah',
    name: 'NetEase Yeah.net',
    domains: ['yeah.net'],
    mxSuffixes: [],
    imap: tls('imap.yeah.net', 993),
    smtp: tls('smtp.yeah.net', 465),
    oauth: null
  },
  // The paid VIP and 188 mailboxes likewise, each on servers named for its domain.
  ...(
    [
      ['vip.163.com', 'NetEase 163 VIP'],
      ['vip.126.com', 'NetEase 126 VIP'],
      ['188.com', 'NetEase 188']
    ] as const
  ).map(([domain, name]): KnownProvider => ({
    id: domain.replace('.com', ''),
    name,
    domains: [domain],
    mxSuffixes: [],
    imap: tls(`imap.${domain}`, 993),
    smtp: tls(`smtp.${domain}`, 465),
    oauth: null
  })),
  // Business mail on a company's own domain, found only by its MX. The MX hosts are the ones the
  // providers tell their customers to set (mxbiz1/2.qq.com, qiye163mx01/02.mxmail.netease.com,
  // mx1/2/3.qiye.aliyun.com); their consumer servers refuse these accounts.
  {
    id: 'exmail',
    name: 'Tencent Exmail',
    domains: [],
    mxSuffixes: ['mxbiz1.qq.com', 'mxbiz2.qq.com', 'exmail.qq.com'],
    imap: tls('imap.exmail.qq.com', 993),
    smtp: tls('smtp.exmail.qq.com', 465),
    oauth: null
  },
  {
    id: 'netease-qiye',
    name: 'NetEase Enterprise Mail',
    domains: [],
    mxSuffixes: [
      'qiye163mx01.mxmail.netease.com',
      'qiye163mx02.mxmail.netease.com',
      'qiye163mx03.mxmail.netease.com',
      'qiye.163.com'
    ],
    imap: tls('imap.qiye.163.com', 993),
    smtp: tls('smtp.qiye.163.com', 465),
    oauth: null
  },
  {
    id: 'aliyun-qiye',
    name: 'Alibaba Mail (enterprise)',
    domains: [],
    mxSuffixes: ['qiye.aliyun.com'],
    imap: tls('imap.qiye.aliyun.com', 993),
    smtp: tls('smtp.qiye.aliyun.com', 465),
    oauth: null
  },
  // Mail.ru's help names the same two servers for all its free domains: a guess of
  // imap.inbox.ru or imap.bk.ru would not be them.
  {
    id: 'mailru',
    name: 'Mail.ru',
    domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'],
    mxSuffixes: [],
    imap: tls('imap.mail.ru', 993),
    smtp: tls('smtp.mail.ru', 465),
    oauth: null
  },
  {
    id: 'yandex',
    name: 'Yandex Mail',
    domains: ['yandex.com', 'yandex.ru', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua'],
    mxSuffixes: ['yandex.net', 'yandex.ru'],
    imap: tls('imap.yandex.com', 993),
    smtp: tls('smtp.yandex.com', 465),
    oauth: null
  }
]

/** The provider that hosts this (ASCII, lower-case) mail domain itself, e.g. gmail.com. */
export function providerForDomain(domain: string): KnownProvider | null {
  return PROVIDERS.find((p) => p.domains.includes(domain)) ?? null
}

/**
 * The provider behind an MX host: an exact match or a sub-domain of one of its MX suffixes. The
 * longest suffix wins, so mxbiz1.qq.com (Exmail) is not taken for QQ Mail's qq.com.
 */
export function providerForMx(mxHost: string): KnownProvider | null {
  const host = mxHost.toLowerCase().replace(/\.$/, '')
  let best: { provider: KnownProvider; length: number } | null = null
  for (const provider of PROVIDERS)
    for (const suffix of provider.mxSuffixes)
      if ((host === suffix || host.endsWith(`.${suffix}`)) && suffix.length > (best?.length ?? 0))
        best = { provider, length: suffix.length }
  return best?.provider ?? null
}

/** The user name to suggest for an address at this provider: name+tag@ signs in as name@. */
export function userNameAt(provider: KnownProvider, email: string): string {
  return provider.plusTags ? withoutPlusTag(email) : email
}

/** name+tag@domain as name@domain; an address with no name before its + is left as it is. */
export function withoutPlusTag(email: string): string {
  return email.replace(/^([^+@]+)\+[^@]*@/, '$1@')
}

export function providerById(id: string): KnownProvider | null {
  return PROVIDERS.find((p) => p.id === id) ?? null
}
