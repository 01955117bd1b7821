import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Resolver } from 'node:dns/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchText, MAX_AUTOCONFIG_REDIRECTS } from '../../src-main/core/providers/autoconfig-fetch'
import { startDnsServer, type DnsServer } from '../support/dns-server'
import { CoreFixture } from './fixtures/core-fixture'

// Detection over a real network stack: a local HTTP server serves autoconfig documents and a
// local DNS server answers the SRV and MX questions node's resolver really asks.

const config = (imapHost: string) => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="x">
  <displayName>Autoconfigured Mail</displayName>
  <incomingServer type="imap"><hostname>${imapHost}</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.autoconf.example</hostname><port>465</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`

let http: Server
let base: string
let dns: DnsServer
const requests: string[] = []
let fixture: CoreFixture

beforeAll(async () => {
  http = createServer((req, res) => {
    requests.push(req.url ?? '')
    const url = new URL(req.url ?? '/', 'http://x')
    // The autoconfig host form: /<domain>/mail/config-v1.1.xml?emailaddress=...
    if (url.pathname === '/autoconf.example/mail/config-v1.1.xml' && url.searchParams.get('emailaddress')) {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(config('imap.autoconf.example'))
    } else if (url.pathname === '/wellknown.example/.well-known/autoconfig/mail/config-v1.1.xml') {
      res.writeHead(200, { 'content-type': 'text/xml' }).end(config('imap.wellknown.example'))
    } else if (url.pathname.startsWith('/hostile.example/mail/')) {
      res
        .writeHead(200)
        .end('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><clientConfig>&b;</clientConfig>')
    } else if (url.pathname === '/moved.example/mail/config-v1.1.xml') {
      res.writeHead(301, { location: '/wellknown.example/.well-known/autoconfig/mail/config-v1.1.xml' }).end()
    } else if (url.pathname.startsWith('/loop.example/')) {
      // Every answer is one more redirect, each to a new address.
      res.writeHead(302, { location: `/loop.example/hop/${requests.length}` }).end()
    } else if (url.pathname.startsWith('/huge.example/mail/')) {
      res.writeHead(200).end(`<clientConfig>${'x'.repeat(200_000)}</clientConfig>`)
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  dns = await startDnsServer([
    {
      name: '_imaps._tcp.srv.example',
      type: 'SRV',
      priority: 10,
      weight: 0,
      port: 993,
      target: 'mail-backup.srv.example'
    },
    {
      name: '_imaps._tcp.srv.example',
      type: 'SRV',
      priority: 0,
      weight: 5,
      port: 1993,
      target: 'mail.srv.example'
    },
    {
      name: '_submission._tcp.srv.example',
      type: 'SRV',
      priority: 0,
      weight: 0,
      port: 587,
      target: 'out.srv.example'
    },
    { name: '_imaps._tcp.nosrv.example', type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' },
    { name: 'nosrv.example', type: 'MX', preference: 10, exchange: 'mx.nosrv.example' },
    { name: '_imaps._tcp.noimap.example', type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' },
    { name: '_imap._tcp.noimap.example', type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' },
    { name: 'workspace.example', type: 'MX', preference: 5, exchange: 'aspmx.l.google.com' },
    { name: 'workspace.example', type: 'MX', preference: 10, exchange: 'alt1.aspmx.l.google.com' },
    {
      name: 'xn--bcher-kva.example',
      type: 'MX',
      preference: 10,
      exchange: 'contoso.mail.protection.outlook.com'
    }
  ])
  const resolver = new Resolver({ timeout: 1_000, tries: 1 })
  resolver.setServers([dns.address])
  fixture = new CoreFixture({
    detect: {
      dns: resolver,
      fetchText,
      autoconfigUrls: (domain, email) => [
        `${base}/${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(email)}`,
        `${base}/${domain}/.well-known/autoconfig/mail/config-v1.1.xml`
      ],
      timeoutMs: 3_000
    }
  })
})

afterAll(async () => {
  fixture?.close()
  await dns?.stop()
  await new Promise((resolve) => http?.close(resolve))
})

describe('accounts.detect against local HTTP and DNS servers', () => {
  it('answers a known provider from the table', async () => {
    const found = await fixture.call('accounts.detect', { email: 'ana@outlook.com' })
    expect(found).toMatchObject({
      source: 'table',
      oauthProvider: 'microsoft',
      imap: { host: 'outlook.office365.com' }
    })
  })

  it('uses the autoconfig host, passing the address as emailaddress', async () => {
    const found = await fixture.call('accounts.detect', { email: 'ana@autoconf.example' })
    expect(found).toMatchObject({
      source: 'autoconfig',
      providerName: 'Autoconfigured Mail',
      user: 'ana@autoconf.example',
      imap: { host: 'imap.autoconf.example', port: 993, security: 'tls' },
      smtp: { host: 'smtp.autoconf.example', port: 465, security: 'tls' }
    })
    expect(requests).toContain('/autoconf.example/mail/config-v1.1.xml?emailaddress=ana%40autoconf.example')
  })

  it('falls back to the well-known autoconfig path', async () => {
    const found = await fixture.call('accounts.detect', { email: 'bo@wellknown.example' })
    expect(found).toMatchObject({ source: 'autoconfig', imap: { host: 'imap.wellknown.example' } })
  })

  it('uses RFC 6186 SRV records: the lowest priority wins, submission means STARTTLS', async () => {
    const found = await fixture.call('accounts.detect', { email: 'cy@srv.example' })
    expect(found).toMatchObject({
      source: 'srv',
      imap: { host: 'mail.srv.example', port: 1993, security: 'tls' },
      smtp: { host: 'out.srv.example', port: 587, security: 'starttls' }
    })
    expect(dns.queries).toContain('SRV _imaps._tcp.srv.example')
    expect(dns.queries).toContain('SRV _submissions._tcp.srv.example')
  })

  it('recognises Google Workspace behind a custom domain by its MX', async () => {
    const found = await fixture.call('accounts.detect', { email: 'di@workspace.example' })
    expect(found).toMatchObject({
      source: 'mx',
      providerId: 'gmail',
      auth: 'oauth2',
      imap: { host: 'imap.gmail.com' }
    })
  })

  it('looks an internationalized domain up in punycode', async () => {
    const found = await fixture.call('accounts.detect', { email: 'eva@bücher.example' })
    expect(found).toMatchObject({ source: 'mx', providerId: 'outlook' })
    expect(dns.queries).toContain('MX xn--bcher-kva.example')
  })

  it('ignores a "." SRV target and an unknown MX, and guesses imap./smtp.<domain>', async () => {
    const found = await fixture.call('accounts.detect', { email: 'fa@nosrv.example' })
    expect(found).toMatchObject({
      source: 'guess',
      imap: { host: 'imap.nosrv.example', port: 993, security: 'tls' },
      smtp: { host: 'smtp.nosrv.example', port: 465, security: 'tls' }
    })
  })

  it('suggests no servers when both IMAP services have a "." target (RFC 6186: none here)', async () => {
    const found = await fixture.call('accounts.detect', { email: 'ny@noimap.example' })
    expect(found).toMatchObject({ source: 'none', user: 'ny@noimap.example', imap: null, smtp: null })
    expect(dns.queries).toContain('SRV _imap._tcp.noimap.example')
  })

  it('survives hostile and oversized autoconfig documents by moving on to a guess', async () => {
    expect(await fixture.call('accounts.detect', { email: 'g@hostile.example' })).toMatchObject({
      source: 'guess'
    })
    expect(await fixture.call('accounts.detect', { email: 'h@huge.example' })).toMatchObject({
      source: 'guess'
    })
  })

  it('follows a moved autoconfig file, but only a few hops of an endless redirect chain', async () => {
    expect(await fixture.call('accounts.detect', { email: 'jo@moved.example' })).toMatchObject({
      source: 'autoconfig',
      imap: { host: 'imap.wellknown.example' }
    })
    expect(await fixture.call('accounts.detect', { email: 'ka@loop.example' })).toMatchObject({
      source: 'guess'
    })
    // Two autoconfig URLs, each followed for the first request and its allowed hops only.
    const loopRequests = requests.filter((r) => r.startsWith('/loop.example/'))
    expect(loopRequests.length).toBeLessThanOrEqual(2 * (MAX_AUTOCONFIG_REDIRECTS + 1))
  })

  it('refuses input that is not an address with a clear error', async () => {
    const error = await fixture.error('accounts.detect', { email: 'not an address' })
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'email' })
    expect(error.message).toMatch(/name@domain/)
  })

  it('adds, and starts signing in, what it detects: internationalized domains and address literals', async () => {
    const servers = {
      imap: { host: '127.0.0.1', port: 1, security: 'tls' as const },
      smtp: { host: '127.0.0.1', port: 1, security: 'tls' as const }
    }
    const added = new CoreFixture()
    try {
      await added.call('oauth.setClient', { provider: 'google', clientId: 'rapport-test.apps.example' })
      for (const email of ['eva@bücher.example', 'me@[192.0.2.7]', 'me@[IPv6:2001:db8::1]']) {
        await added.call('accounts.detect', { email })
        const account = await added.call('accounts.add', {
          email,
          user: 'u',
          password: 'p',
          ...servers,
          skipVerify: true
        })
        expect(account.email).toBe(email.toLowerCase())
        // The browser is never opened here: the flow is cancelled at once. Another address of the
        // domain: the one just added is refused before the provider's page.
        const { flowId } = await added.call('accounts.oauthStart', { email: `x${email}`, provider: 'google' })
        await added.call('accounts.oauthCancel', { flowId })
      }
      // A domain nothing can be looked up under is still refused, on the field to fix.
      const error = await added.error('accounts.add', {
        email: 'ana@[not-an-ip]',
        user: 'u',
        password: 'p',
        ...servers,
        skipVerify: true
      })
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'email' })
    } finally {
      added.close()
    }
  })
})
