// Detection as a demanding user meets it: addresses typed through a Chinese or Japanese IME,
// IPv4 shorthand where a domain belongs, NetEase's other free domains and Zoho's regional
// organization servers.
import { afterEach, describe, expect, it } from 'vitest'
import { detectProvider } from '../../src-main/core/providers/detect-provider'
import { parseMailDomain } from '../../src-main/core/providers/mail-domain'
import { CoreFixture } from '../integration/fixtures/core-fixture'
import { networkWithMx } from './fixtures/detect-network'

let fixture: CoreFixture | undefined
afterEach(() => fixture?.close())

describe('an address typed with an IME’s full stop (ana@qq。com)', () => {
  it('signs in, and is saved, as the address with plain letters and dots', async () => {
    for (const typed of ['ana@qq。com', 'ana@qq．com', 'ana@ｑｑ.com', 'ana@qq.com。']) {
      expect(await detectProvider(typed, networkWithMx(null)), typed).toMatchObject({
        source: 'table',
        providerId: 'qq',
        user: 'ana@qq.com'
      })
    }
    // The form takes full-width letters (its pattern wants an ASCII dot, which this one has).
    fixture = new CoreFixture()
    const added = await fixture.call('accounts.add', {
      email: 'ana@ｑｑ.com',
      user: 'ana@qq.com',
      password: 'p',
      imap: { host: '127.0.0.1', port: 1, security: 'tls' },
      smtp: { host: '127.0.0.1', port: 1, security: 'tls' },
      skipVerify: true
    })
    expect(added.email).toBe('ana@qq.com')
    // A domain typed as itself, in ASCII, punycode or Unicode, is kept as it was typed.
    expect(parseMailDomain('ana@Example.COM').email).toBe('ana@Example.COM')
    expect(parseMailDomain('eva@xn--bcher-kva.example').email).toBe('eva@xn--bcher-kva.example')
    expect(parseMailDomain('eva@Bücher.example').email).toBe('eva@Bücher.example')
  })
})

describe('IPv4 shorthand where the domain belongs', () => {
  it('is refused rather than looked up as a name (a URL parser reads 192.168.1 as 192.168.0.1)', () => {
    for (const address of ['me@192.168.1', 'me@0x7f.1'])
      expect(() => parseMailDomain(address), address).toThrow(/name@domain/)
    // A whole address, bare or bracketed, still names the server itself.
    expect(parseMailDomain('me@192.168.0.1')).toMatchObject({ domain: '192.168.0.1', isIp: true })
  })
})

describe("NetEase's free domains besides 163.com", () => {
  it('get their own servers, not 163’s, which their MX (…mxmail.netease.com) would suggest', async () => {
    const mx = (prefix: string) => networkWithMx(`${prefix}mx01.mxmail.netease.com`)
    expect(await detectProvider('ana@126.com', mx('126'))).toMatchObject({
      imap: { host: 'imap.126.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.126.com', port: 465, security: 'tls' }
    })
    expect(await detectProvider('ana@yeah.net', mx('yeah'))).toMatchObject({
      imap: { host: 'imap.yeah.net', port: 993, security: 'tls' },
      smtp: { host: 'smtp.yeah.net', port: 465, security: 'tls' }
    })
  })
})

describe('a company domain on Zoho outside the US', () => {
  it("goes to its region's organization servers", async () => {
    const servers = async (mx: string) => {
      const found = await detectProvider('ana@corp.example', networkWithMx(mx))
      return [found.source, found.imap?.host, found.smtp?.host]
    }
    expect(await servers('mx.zoho.eu')).toEqual(['mx', 'imappro.zoho.eu', 'smtppro.zoho.eu'])
    expect(await servers('mx2.zoho.in')).toEqual(['mx', 'imappro.zoho.in', 'smtppro.zoho.in'])
    expect(await servers('mx.zoho.com.au')).toEqual(['mx', 'imappro.zoho.com.au', 'smtppro.zoho.com.au'])
    expect(await servers('mx.zoho.com')).toEqual(['mx', 'imappro.zoho.com', 'smtppro.zoho.com'])
  })
})

describe('adding a mailbox typed with an IME’s full stop', () => {
  it('is taken as it was typed, and saved and signed in with a plain domain', async () => {
    fixture = new CoreFixture()
    // As the CLI sends it: the user name is the address as typed.
    const added = await fixture.call('accounts.add', {
      email: 'Ana@qq。com',
      user: 'Ana@qq。com',
      password: 'p',
      imap: { host: '127.0.0.1', port: 1, security: 'tls' },
      smtp: { host: '127.0.0.1', port: 1, security: 'tls' },
      skipVerify: true
    })
    expect([added.email, added.user]).toEqual(['ana@qq.com', 'Ana@qq.com'])
    // The same mailbox typed plainly is the one already there.
    const again = await fixture.error('accounts.add', {
      email: 'ana@qq．com',
      user: 'x',
      password: 'p',
      imap: { host: '127.0.0.1', port: 1, security: 'tls' },
      smtp: { host: '127.0.0.1', port: 1, security: 'tls' },
      skipVerify: true
    })
    expect(again).toMatchObject({ code: 'ALREADY_EXISTS', field: 'email' })
  })
})
