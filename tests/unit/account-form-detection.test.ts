import { describe, expect, it } from 'vitest'
import type { DetectedSettings } from '../../src-preload/contract'
import {
  EMAIL_PATTERN,
  initialValues,
  serversForOAuth,
  withDetected,
  withEmail,
  type DerivedField
} from '../../src-renderer/src/features/onboarding/account-form-state'

const gmail: DetectedSettings = {
  source: 'table',
  providerId: 'gmail',
  providerName: 'Gmail',
  user: 'ana@gmail.com',
  imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
  smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  auth: 'oauth2',
  oauthProvider: 'google'
}

describe('detected settings in the add-account form', () => {
  it('fills user, hosts, ports and security the user has not touched', () => {
    const typed = withEmail(initialValues(), 'ana@gmail.com', new Set())
    const filled = withDetected({ ...typed, smtp: { ...typed.smtp, port: '25' } }, gmail, new Set())
    expect(filled.user).toBe('ana@gmail.com')
    expect(filled.imap).toEqual({ host: 'imap.gmail.com', port: '993', security: 'tls' })
    expect(filled.smtp).toEqual({ host: 'smtp.gmail.com', port: '465', security: 'tls' })
  })

  it('leaves a whole server alone once any part of it was edited, and an edited user name', () => {
    const values = {
      ...initialValues(),
      user: 'ana',
      imap: { host: '127.0.0.1', port: '1143', security: 'none' as const }
    }
    const edited = new Set<DerivedField>(['user', 'imap.port'])
    const filled = withDetected(values, gmail, edited)
    expect(filled.user).toBe('ana')
    expect(filled.imap).toEqual({ host: '127.0.0.1', port: '1143', security: 'none' })
    expect(filled.smtp.host).toBe('smtp.gmail.com')
  })

  it('empties the guessed host of a server the user has not touched when the domain says it has no IMAP server', () => {
    const noServers: DetectedSettings = {
      source: 'none',
      providerId: null,
      providerName: null,
      user: 'ana@corp.example',
      imap: null,
      smtp: null,
      auth: 'password',
      oauthProvider: null
    }
    const typed = withEmail(initialValues(), 'ana@corp.example', new Set())
    const values = { ...typed, smtp: { host: 'out.isp.example', port: '587', security: 'starttls' as const } }
    const filled = withDetected(values, noServers, new Set<DerivedField>(['smtp.host']))
    expect(filled).toStrictEqual({ ...values, user: 'ana@corp.example', imap: { ...values.imap, host: '' } })
  })

  it('passes typed servers to an OAuth2 sign-in, and leaves out an incomplete one', () => {
    const values = {
      ...initialValues(),
      imap: { host: 'imap.x.example', port: '993', security: 'tls' as const }
    }
    values.smtp = { host: '', port: '465', security: 'tls' }
    expect(serversForOAuth(values)).toStrictEqual({
      displayName: undefined,
      imap: { host: 'imap.x.example', port: 993, security: 'tls' },
      smtp: undefined,
      importLimit: 500
    })
    // The display name typed above "Sign in with Google" is not lost.
    expect(serversForOAuth({ ...values, displayName: '  Ana Souza ' }).displayName).toBe('Ana Souza')
  })
})

describe('the address field', () => {
  it('takes internationalized domains and address literals, as detection and the core do', () => {
    for (const email of ['eva@bücher.example', 'me@[192.0.2.7]', 'me@[IPv6:2001:db8::1]', 'ana@example.com'])
      expect(EMAIL_PATTERN.test(email), email).toBe(true)
    for (const email of ['ana', 'ana@', 'ana@localhost', 'a b@example.com', 'ana@exa mple.com'])
      expect(EMAIL_PATTERN.test(email), email).toBe(false)
  })
})

describe('an address typed through an IME (ana@qq。com)', () => {
  it('is taken, and suggests the user name and hosts with a plain domain', () => {
    for (const email of ['ana@qq。com', 'ana@qq．com', 'ana@ＱＱ｡ＣＯＭ', '李娜@qq。com'])
      expect(EMAIL_PATTERN.test(email), email).toBe(true)
    expect(EMAIL_PATTERN.test('ana@qq。'), 'a dot with nothing after it').toBe(false)
    for (const [typed, plain] of [
      ['ana@qq。com', 'ana@qq.com'],
      ['ana@ＱＱ｡ＣＯＭ', 'ana@qq.com'],
      ['李娜@ｂüｃｈｅｒ．example', '李娜@bücher.example']
    ]) {
      const values = withEmail(initialValues(), typed!, new Set())
      const domain = plain!.split('@')[1]
      expect([values.email, values.user, values.imap.host, values.smtp.host], typed).toEqual([
        typed,
        plain,
        `imap.${domain}`,
        `smtp.${domain}`
      ])
    }
    // A domain written as itself stays as typed.
    expect(withEmail(initialValues(), 'eva@Bücher.example', new Set()).user).toBe('eva@Bücher.example')
  })
})
