import type { MxRecord, SrvRecord } from 'node:dns'
import { describe, expect, it } from 'vitest'
import { parseAutoconfig } from '../../src-main/core/providers/autoconfig'
import { detectProvider, type DetectDeps } from '../../src-main/core/providers/detect-provider'
import { parseMailDomain } from '../../src-main/core/providers/mail-domain'
import { PROVIDERS, providerForDomain, providerForMx } from '../../src-main/core/providers/provider-table'
import { CoreError } from '../../src-main/core/errors'

const CLIENT_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.net">
    <domain>example.net</domain>
    <displayName>Example &amp; Co Mail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.example.net</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>IMAP.example.net</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.net</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>`

/** Network that answers nothing: every lookup fails like a domain without records. */
function silentNetwork(overrides: Partial<DetectDeps> = {}): DetectDeps {
  return {
    fetchText: async () => null,
    dns: {
      resolveSrv: async () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
      resolveMx: async () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }))
    },
    autoconfigUrls: (domain, email) => [
      `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${email}`
    ],
    timeoutMs: 200,
    ...overrides
  }
}

describe('the built-in provider table', () => {
  it('covers the ten providers the issue names, each with TLS on both servers', () => {
    const domains = [
      'gmail.com',
      'outlook.com',
      'yahoo.com',
      'icloud.com',
      'fastmail.com',
      'zoho.com',
      'gmx.net',
      'qq.com',
      '163.com',
      'yandex.ru'
    ]
    for (const domain of domains) {
      const provider = providerForDomain(domain)
      expect(provider, domain).not.toBeNull()
      expect(provider!.imap.security).not.toBe('none')
      expect(provider!.smtp.security).not.toBe('none')
    }
    expect(new Set(PROVIDERS.map((p) => p.name)).size).toBeGreaterThanOrEqual(10)
  })

  it('marks only Google and Microsoft as OAuth2 providers', () => {
    expect(providerForDomain('gmail.com')!.oauth).toBe('google')
    expect(providerForDomain('hotmail.com')!.oauth).toBe('microsoft')
    expect(
      PROVIDERS.filter((p) => p.oauth)
        .map((p) => p.id)
        .sort()
    ).toEqual(['gmail', 'outlook'])
  })

  it('recognises a provider behind a custom domain by its MX host, but not a look-alike', () => {
    expect(providerForMx('aspmx.l.google.com.')!.id).toBe('gmail')
    expect(providerForMx('contoso-com.mail.protection.outlook.com')!.id).toBe('outlook')
    expect(providerForMx('mx.notgoogle.com')).toBeNull()
  })

  it('sends a company domain on Chinese business mail to the business servers, not the consumer ones', () => {
    const servers = (mx: string) => {
      const provider = providerForMx(mx)
      return provider && [provider.imap.host, provider.smtp.host]
    }
    expect(servers('mxbiz1.qq.com.')).toEqual(['imap.exmail.qq.com', 'smtp.exmail.qq.com'])
    expect(servers('mxbiz2.qq.com')).toEqual(['imap.exmail.qq.com', 'smtp.exmail.qq.com'])
    expect(servers('qiye163mx01.mxmail.netease.com')).toEqual(['imap.qiye.163.com', 'smtp.qiye.163.com'])
    expect(servers('mx1.qiye.aliyun.com')).toEqual(['imap.qiye.aliyun.com', 'smtp.qiye.aliyun.com'])
    // The consumer services keep theirs.
    expect(servers('mx3.qq.com')).toEqual(['imap.qq.com', 'smtp.qq.com'])
    expect(servers('163mx01.mxmail.netease.com')).toEqual(['imap.163.com', 'smtp.163.com'])
  })
})

describe('the domain of an address', () => {
  it('converts an internationalized domain to punycode for DNS and HTTP', () => {
    expect(parseMailDomain('ana@Bücher.example').domain).toBe('xn--bcher-kva.example')
    expect(parseMailDomain('李@例子.中国').domain).toBe('xn--fsqu00a.xn--fiqs8s')
  })

  it('accepts server IP addresses, bare or as address literals', () => {
    expect(parseMailDomain('me@[192.0.2.7]')).toMatchObject({ domain: '192.0.2.7', isIp: true })
    expect(parseMailDomain('me@[IPv6:2001:db8::1]')).toMatchObject({ domain: '2001:db8::1', isIp: true })
    expect(parseMailDomain('me@10.0.0.5')).toMatchObject({ domain: '10.0.0.5', isIp: true })
  })

  it('refuses something that is not an address, saying how to type one', () => {
    expect(() => parseMailDomain('no-at-sign')).toThrow(/name@domain/)
    expect(() => parseMailDomain('me@localhost')).toThrow(CoreError)
  })
})

describe('parsing a Mozilla autoconfig document', () => {
  it('takes the IMAP and SMTP servers, security and the user name pattern', () => {
    const found = parseAutoconfig(CLIENT_CONFIG, 'ana@example.net')
    expect(found).toEqual({
      providerName: 'Example & Co Mail',
      imap: { host: 'imap.example.net', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.net', port: 587, security: 'starttls' },
      user: 'ana',
      oauth2: false
    })
  })

  it('refuses a DTD, so an entity-expansion bomb is never expanded', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<clientConfig><emailProvider><displayName>&lol2;</displayName></emailProvider></clientConfig>`
    expect(() => parseAutoconfig(bomb, 'a@b.example')).toThrow(/DTD/)
  })

  it('refuses malformed XML with the line of the fault and what to do', () => {
    const broken = '<clientConfig>\n<emailProvider>\n<incomingServer type="imap"></emailProvider>'
    const error = (() => {
      try {
        parseAutoconfig(broken, 'a@b.example')
      } catch (e) {
        return e as CoreError
      }
    })()
    expect(error).toBeInstanceOf(CoreError)
    expect(error!.code).toBe('INVALID_INPUT')
    expect(error!.message).toMatch(/malformed XML at line \d+.*Enter the server settings by hand/)
  })

  it('refuses a document that is too big, lacks IMAP, or offers a server without TLS', () => {
    expect(() => parseAutoconfig(`<a>${'x'.repeat(70_000)}</a>`, 'a@b.example')).toThrow(/64 KB/)
    expect(() =>
      parseAutoconfig(CLIENT_CONFIG.replace('type="imap"', 'type="exchange"'), 'a@b.example')
    ).toThrow(/no IMAP/)
    expect(() => parseAutoconfig(CLIENT_CONFIG.replace('STARTTLS', 'plain'), 'a@b.example')).toThrow(
      /without TLS/
    )
    expect(() => parseAutoconfig('<html><body>not found</body></html>', 'a@b.example')).toThrow(
      /emailProvider/
    )
  })

  it('refuses a host name with characters no host name has', () => {
    const evil = CLIENT_CONFIG.replace('IMAP.example.net', 'imap.example.net/../../x')
    expect(() => parseAutoconfig(evil, 'a@b.example')).toThrow(/host name/)
  })
})

describe('OAuth2 suggested by an autoconfig document', () => {
  /** A custom domain's document putting IMAP at Google, with OAuth2, and SMTP at smtpHost. */
  const workspaceConfig = (smtpHost: string) => `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="corp.example">
  <incomingServer type="imap"><hostname>imap.gmail.com</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>${smtpHost}</hostname><port>465</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></outgoingServer>
</emailProvider></clientConfig>`
  const detectWith = (smtpHost: string) =>
    detectProvider('ana@corp.example', silentNetwork({ fetchText: async () => workspaceConfig(smtpHost) }))

  it("offers the provider's sign-in when both servers are the provider's", async () => {
    expect(await detectWith('smtp.gmail.com')).toMatchObject({
      source: 'autoconfig',
      auth: 'oauth2',
      oauthProvider: 'google'
    })
  })

  it("never pairs it with an SMTP server that is not the provider's: the token would go there", async () => {
    expect(await detectWith('smtp.attacker.example')).toMatchObject({
      source: 'autoconfig',
      smtp: { host: 'smtp.attacker.example' },
      auth: 'password',
      oauthProvider: null
    })
    // A look-alike name is not the provider's either.
    expect((await detectWith('smtp.gmail.com.attacker.example')).oauthProvider).toBeNull()
  })
})

describe('detection order', () => {
  it('answers a known domain from the table without touching the network', async () => {
    const network = silentNetwork({ fetchText: async () => Promise.reject(new Error('network used')) })
    const found = await detectProvider('ana@gmail.com', network)
    expect(found).toMatchObject({
      source: 'table',
      providerId: 'gmail',
      auth: 'oauth2',
      oauthProvider: 'google'
    })
  })

  it('prefers autoconfig over SRV and MX', async () => {
    const found = await detectProvider(
      'ana@example.net',
      silentNetwork({
        fetchText: async () => CLIENT_CONFIG,
        dns: {
          resolveSrv: async (): Promise<SrvRecord[]> => [
            { name: 'srv-imap.example.net', port: 993, priority: 0, weight: 0 }
          ],
          resolveMx: async (): Promise<MxRecord[]> => [{ exchange: 'aspmx.l.google.com', priority: 1 }]
        }
      })
    )
    expect(found.source).toBe('autoconfig')
    expect(found.imap?.host).toBe('imap.example.net')
  })

  it('skips a hostile autoconfig document and falls through to the next source', async () => {
    const found = await detectProvider(
      'ana@example.net',
      silentNetwork({ fetchText: async () => '<!DOCTYPE x [<!ENTITY a "b">]><x/>' })
    )
    expect(found).toMatchObject({
      source: 'guess',
      imap: { host: 'imap.example.net', port: 993, security: 'tls' }
    })
  })

  it('takes the first config and lets a later URL answer with a web page without failing the process', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      let answerPage: () => void = () => undefined
      const page = new Promise<string>((resolve) => {
        answerPage = () => resolve('<!doctype html><html><body>Welcome</body></html>')
      })
      const found = await detectProvider(
        'ana@example.net',
        silentNetwork({
          autoconfigUrls: () => ['https://autoconfig.example.net/a', 'https://example.net/.well-known/b'],
          fetchText: (url) => (url.includes('autoconfig.') ? Promise.resolve(CLIENT_CONFIG) : page)
        })
      )
      expect(found).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.example.net' } })
      // The catch-all site's page arrives after the config won, and is refused as a config.
      answerPage()
      await page
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('gives up on a step that does not answer in time and still suggests settings', async () => {
    const never = new Promise<never>(() => undefined)
    const started = Date.now()
    const found = await detectProvider(
      'ana@slow.example',
      silentNetwork({
        fetchText: () => never,
        dns: { resolveSrv: () => never, resolveMx: () => never },
        timeoutMs: 100
      })
    )
    expect(found.source).toBe('guess')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  describe('a domain whose SRV records say it has no IMAP server (RFC 6186 §4)', () => {
    // Node's resolver gives a "." target as an empty name.
    const refusal: SrvRecord[] = [{ name: '', port: 0, priority: 0, weight: 0 }]
    /** SRV answers by service name (_imaps._tcp…), and the given MX host. */
    const network = (srv: Record<string, SrvRecord[]>, mx: string | null = null) =>
      silentNetwork({
        dns: {
          resolveSrv: async (name) => srv[name] ?? [],
          resolveMx: async (): Promise<MxRecord[]> => (mx ? [{ exchange: mx, priority: 10 }] : [])
        }
      })
    const noImap = { '_imaps._tcp.corp.example': refusal, '_imap._tcp.corp.example': refusal }

    it('suggests no servers rather than guessing imap./smtp.<domain>', async () => {
      expect(await detectProvider('ana@corp.example', network(noImap))).toStrictEqual({
        source: 'none',
        providerId: null,
        providerName: null,
        user: 'ana@corp.example',
        imap: null,
        smtp: null,
        auth: 'password',
        oauthProvider: null
      })
    })

    it('comes after autoconfig and a provider recognised by MX', async () => {
      const behindGoogle = await detectProvider('ana@corp.example', network(noImap, 'aspmx.l.google.com'))
      expect(behindGoogle).toMatchObject({ source: 'mx', providerId: 'gmail' })
      const configured = await detectProvider(
        'ana@corp.example',
        silentNetwork({ ...network(noImap), fetchText: async () => CLIENT_CONFIG })
      )
      expect(configured).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.example.net' } })
      // An MX nobody recognises does not stand in for the missing servers.
      expect((await detectProvider('ana@corp.example', network(noImap, 'mx.corp.example'))).source).toBe(
        'none'
      )
    })

    it('is taken only when both IMAP services refuse', async () => {
      // _imap refused, _imaps offered: the offered one is used.
      const offered = await detectProvider(
        'ana@corp.example',
        network({
          '_imaps._tcp.corp.example': [{ name: 'mail.corp.example', port: 993, priority: 0, weight: 0 }],
          '_imap._tcp.corp.example': refusal
        })
      )
      expect(offered).toMatchObject({ source: 'srv', imap: { host: 'mail.corp.example', port: 993 } })
      // Only _imaps refused and _imap not published: the domain has not said STARTTLS is absent.
      const half = await detectProvider('ana@corp.example', network({ '_imaps._tcp.corp.example': refusal }))
      expect(half).toMatchObject({ source: 'guess', imap: { host: 'imap.corp.example' } })
      // A "." sent through as such rather than as an empty name counts as well.
      const dotted = [{ name: '.', port: 0, priority: 0, weight: 0 }]
      const both = { '_imaps._tcp.corp.example': dotted, '_imap._tcp.corp.example': refusal }
      expect((await detectProvider('ana@corp.example', network(both))).source).toBe('none')
    })
  })

  it('suggests the IP itself for an address literal', async () => {
    const found = await detectProvider('me@[192.0.2.7]', silentNetwork())
    expect(found).toMatchObject({ source: 'guess', imap: { host: '192.0.2.7' }, smtp: { host: '192.0.2.7' } })
  })
})
