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

describe("a mailbox's server settings form", () => {
  it('starts from the account, and sends the servers typed without a password left empty', () => {
    const values = serverSettingsOf(account)
    expect(values).toEqual({
      user: 'ana',
      password: '',
      imap: { host: 'imap.example.test', port: '993', security: 'tls' },
      smtp: { host: 'smtp.example.test', port: '587', security: 'starttls' }
    })
    const moved = withSecurity(
      { ...values, imap: { ...values.imap, host: ' mail.new.test ' } },
      'imap',
      'starttls'
    )
    expect(validateServerSettings(account, moved)).toEqual({})
    expect(toUpdateServersInput(account, moved)).toEqual({
      accountId: 7,
      user: 'ana',
      imap: { host: 'mail.new.test', port: 143, security: 'starttls' },
      smtp: { host: 'smtp.example.test', port: 587, security: 'starttls' }
    })
    expect(toUpdateServersInput(account, { ...moved, password: 'new-pw' }).password).toBe('new-pw')
  })

  it('needs a user, a host and a port; a password only for an archive, which kept none', () => {
    const empty = {
      ...serverSettingsOf(account),
      user: ' ',
      smtp: { host: '', port: '0', security: 'tls' as const }
    }
    expect(validateServerSettings(account, empty)).toEqual({
      user: 'onboarding.errors.required',
      'smtp.host': 'onboarding.errors.required',
      'smtp.port': 'onboarding.errors.port'
    })
    const archived = { ...account, state: 'archived' as const }
    expect(validateServerSettings(archived, serverSettingsOf(archived))).toEqual({
      password: 'onboarding.errors.required'
    })
    // An OAuth2 mailbox signs in through its provider: no password asked for, none sent.
    const oauth = { ...archived, auth: 'oauth2' as const, oauthProvider: 'google' as const }
    expect(validateServerSettings(oauth, serverSettingsOf(oauth))).toEqual({})
    expect(toUpdateServersInput(oauth, { ...serverSettingsOf(oauth), password: 'typed' })).not.toHaveProperty(
      'password'
    )
  })
})
