import { describe, expect, it } from 'vitest'
import type { Account } from '../../src-preload/contract'
import { withSecurity } from '../../src-renderer/src/features/onboarding/account-form-state'
import {
  serverSettingsOf,
  toUpdateServersInput,
  validateServerSettings
} from '../../src-renderer/src/features/account-settings/server-settings-form'

const account: Account = {
  id: 7,
  email: 'ana@example.test',
  displayName: 'Ana',
  user: 'ana',
  imap: { host: 'imap.example.test', port: 993, security: 'tls' },
  smtp: { host: 'smtp.example.test', port: 587, security: 'starttls' },
  importLimit: 500,
  kind: 'mailbox',
  auth: 'password',
  createdAt: '2026-12-01T00:00:00.000Z',
  state: 'active'
}

const oauth: Account = { ...account, auth: 'oauth2', oauthProvider: 'google' }

describe("a mailbox's server settings form", () => {
  it('starts from the account; another port and security on the same host keep the saved password', () => {
    const values = serverSettingsOf(account)
    expect(values).toEqual({
      user: 'ana',
      password: '',
      imap: { host: 'imap.example.test', port: '993', security: 'tls' },
      smtp: { host: 'smtp.example.test', port: '587', security: 'starttls' }
    })
    const secured = withSecurity(values, 'imap', 'starttls')
    expect(validateServerSettings(account, secured)).toEqual({})
    expect(toUpdateServersInput(account, secured)).toEqual({
      accountId: 7,
      user: 'ana',
      imap: { host: 'imap.example.test', port: 143, security: 'starttls' },
      smtp: { host: 'smtp.example.test', port: 587, security: 'starttls' }
    })
    // The same host in other letter cases is no new host.
    const shouting = { ...values, imap: { ...values.imap, host: 'IMAP.Example.Test' } }
    expect(validateServerSettings(account, shouting)).toEqual({})
  })

  it("asks for the password again for a new host, and keeps an OAuth2 mailbox on its provider's hosts", () => {
    const values = serverSettingsOf(account)
    const moved = { ...values, smtp: { ...values.smtp, host: ' mail.new.test ' } }
    expect(validateServerSettings(account, moved)).toEqual({
      password: 'accountSettings.servers.passwordForNewHost'
    })
    const typed = { ...moved, password: 'new-pw' }
    expect(validateServerSettings(account, typed)).toEqual({})
    expect(toUpdateServersInput(account, typed)).toMatchObject({
      password: 'new-pw',
      smtp: { host: 'mail.new.test', port: 587, security: 'starttls' }
    })

    expect(validateServerSettings(oauth, moved)).toEqual({
      'smtp.host': 'accountSettings.servers.providerHosts'
    })
    expect(validateServerSettings(oauth, withSecurity(serverSettingsOf(oauth), 'smtp', 'tls'))).toEqual({})
    // It has no password to type, and none is sent.
    expect(toUpdateServersInput(oauth, { ...values, password: 'typed' })).not.toHaveProperty('password')
  })

  it('needs a user, a host and a port; a password on an archive, which kept none', () => {
    const values = serverSettingsOf(account)
    const empty = { ...values, user: ' ', smtp: { host: '', port: '0', security: 'tls' as const } }
    expect(validateServerSettings(account, empty)).toMatchObject({
      user: 'onboarding.errors.required',
      'smtp.host': 'onboarding.errors.required',
      'smtp.port': 'onboarding.errors.port'
    })
    const archived: Account = { ...account, state: 'archived' }
    expect(validateServerSettings(archived, serverSettingsOf(archived))).toEqual({
      password: 'onboarding.errors.required'
    })
    const archivedOAuth: Account = { ...oauth, state: 'archived' }
    expect(validateServerSettings(archivedOAuth, serverSettingsOf(archivedOAuth))).toEqual({})
  })
})
