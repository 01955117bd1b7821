import { describe, expect, it } from 'vitest'
import { providePassword } from '../../src-main/cli/cli-commands'
import type { Core } from '../../src-main/core/core'
import { MemorySecretStore, OverlaySecretStore } from '../../src-main/core/secrets/secret-store'

describe('rapport --password-env', () => {
  it('gives the password to password accounts only, never over an OAuth2 account’s tokens', async () => {
    const inner = new MemorySecretStore()
    await inner.set('account:oauth', '{"kind":"oauth2","refreshToken":"r"}')
    const secrets = new OverlaySecretStore(inner)
    const accounts = [
      { id: 1, auth: 'password', secretRef: 'account:password' },
      { id: 2, auth: 'oauth2', secretRef: 'account:oauth' }
    ]
    const core = { workspace: { accounts: { list: () => accounts } } } as unknown as Core
    process.env.RAPPORT_UNIT_PASSWORD = 'hunter2'
    try {
      providePassword(core, secrets, { 'password-env': 'RAPPORT_UNIT_PASSWORD' })
    } finally {
      delete process.env.RAPPORT_UNIT_PASSWORD
    }
    expect(await secrets.get('account:password')).toBe('hunter2')
    expect(await secrets.get('account:oauth')).toBe('{"kind":"oauth2","refreshToken":"r"}')
  })
})
