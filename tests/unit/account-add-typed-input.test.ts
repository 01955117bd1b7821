// Adding a mailbox as users type it: a domain pasted with DNS's root dot, a port or a scheme in
// the host field, an IPv6 server; and the provider behind a custom domain's MX, as providers set
// it up today (Microsoft's mx.microsoft hosts, Zoho's organization servers).
import { afterEach, describe, expect, it } from 'vitest'
import { detectProvider } from '../../src-main/core/providers/detect-provider'
import { parseMailDomain } from '../../src-main/core/providers/mail-domain'
import { CoreFixture } from '../integration/fixtures/core-fixture'
import { networkWithMx } from './fixtures/detect-network'

const servers = {
  imap: { host: '127.0.0.1', port: 1, security: 'tls' as const },
  smtp: { host: '127.0.0.1', port: 1, security: 'tls' as const }
}

let fixture: CoreFixture | undefined
afterEach(() => fixture?.close())

describe('an address typed with the root dot (ana@gmail.com.)', () => {
  it('is detected as the address without it, user name and hosts included', async () => {
    expect(await detectProvider('ana@gmail.com.', networkWithMx(null))).toMatchObject({
      source: 'table',
      providerId: 'gmail',
      user: 'ana@gmail.com'
    })
    expect(await detectProvider(' ana@Example.COM. ', networkWithMx(null))).toMatchObject({
      source: 'guess',
      user: 'ana@Example.COM',
      imap: { host: 'imap.example.com' },
      smtp: { host: 'smtp.example.com' }
    })
  })

  it('is the same mailbox as the one without the dot', async () => {
    fixture = new CoreFixture()
    const added = await fixture.call('accounts.add', {
      email: 'ana@Example.COM.',
      user: 'u',
      password: 'p',
      ...servers,
      skipVerify: true
    })
    expect(added.email).toBe('ana@example.com')
    const again = { email: 'ana@example.com', user: 'u', password: 'p', ...servers, skipVerify: true }
    expect(await fixture.error('accounts.add', again)).toMatchObject({ code: 'ALREADY_EXISTS' })
  })

  it('still refuses a domain with an empty label', () => {
    for (const address of ['ana@a..com', 'ana@.com', 'ana@example.com..'])
      expect(() => parseMailDomain(address), address).toThrow(/name@domain/)
  })
})

describe('a host field holding more than a host name', () => {
  it('is refused at its field, even when the check is skipped, instead of saved', async () => {
    fixture = new CoreFixture()
    const add = (imapHost: string, smtpHost: string) =>
      fixture!.error('accounts.add', {
        email: 'ana@example.com',
        user: 'u',
        password: 'p',
        imap: { ...servers.imap, host: imapHost },
        smtp: { ...servers.smtp, host: smtpHost },
        skipVerify: true
      })
    const withPort = await add('mail.example.com:993', 'smtp.example.com')
    expect(withPort).toMatchObject({ code: 'INVALID_INPUT', field: 'imap.host' })
    expect(withPort.message).toMatch(/port field/)
    expect(await add('mail.example.com', 'smtps://smtp.example.com')).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'smtp.host'
    })
    expect(await fixture.call('accounts.list', {})).toEqual([])
  })

  it('takes an IPv6 server, bracketed or not', async () => {
    fixture = new CoreFixture()
    const added = await fixture.call('accounts.add', {
      email: 'ana@example.com',
      user: 'u',
      password: 'p',
      imap: { ...servers.imap, host: '[::1]' },
      smtp: { ...servers.smtp, host: '2001:db8::1' },
      skipVerify: true
    })
    expect([added.imap.host, added.smtp.host]).toEqual(['::1', '2001:db8::1'])
  })
})

describe('the provider behind a custom domain’s MX', () => {
  it('recognises Microsoft 365 by the mx.microsoft hosts new domains get', async () => {
    const found = await detectProvider(
      'ana@contoso.example',
      networkWithMx('contoso-example.o-v1.mx.microsoft.')
    )
    expect(found).toMatchObject({ source: 'mx', providerId: 'outlook', oauthProvider: 'microsoft' })
  })

  it("sends a company domain on Zoho to Zoho's organization servers, and @zoho.com to the personal ones", async () => {
    const company = await detectProvider('ana@corp.example', networkWithMx('mx.zoho.com'))
    expect(company).toMatchObject({
      source: 'mx',
      imap: { host: 'imappro.zoho.com', port: 993, security: 'tls' },
      smtp: { host: 'smtppro.zoho.com', port: 465, security: 'tls' }
    })
    const personal = await detectProvider('ana@zoho.com', networkWithMx(null))
    expect(personal).toMatchObject({ source: 'table', imap: { host: 'imap.zoho.com' } })
  })
})

describe('names a URL parser would rewrite', () => {
  it('are refused, not quietly cut down to another host or domain', async () => {
    for (const address of ['ana@gmail.com/x', 'ana@example.com?x', 'ana@ex%61mple.com'])
      expect(() => parseMailDomain(address), address).toThrow(/name@domain/)
    fixture = new CoreFixture()
    const refused = await fixture.error('accounts.add', {
      email: 'ana@example.com',
      user: 'u',
      password: 'p',
      imap: { ...servers.imap, host: 'imap.example.com/x' },
      smtp: { ...servers.smtp, host: 'smtp.example.com?x' },
      skipVerify: true
    })
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: 'imap.host' })
  })
})
