import { describe, expect, it } from 'vitest'
import { commands } from '../../src-preload/contract'
import { openDatabase } from '../../src-main/core/db/database'
import { OAuthClients } from '../../src-main/core/oauth/oauth-clients'
import type { OAuthConfig } from '../../src-main/core/oauth/oauth-config'
import { OAuthClientSettings } from '../../src-main/core/oauth/oauth-settings'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

// OAuth client ids set in the app: what the contract accepts, and which source wins.

const setClient = commands['oauth.setClient'].input

/** A workspace; `under` gives its clients as a host with that configuration sees them. */
function clients(config: OAuthConfig = {}) {
  const db = openDatabase(':memory:')
  const secrets = new MemorySecretStore(null)
  const settingRows = () => db.prepare('SELECT key, value FROM settings').all() as Array<{ value: string }>
  const under = (hostConfig: OAuthConfig) =>
    new OAuthClients(hostConfig, new OAuthClientSettings(db), secrets)
  return { service: under(config), under, secrets, settingRows, db }
}

describe('oauth.setClient input', () => {
  it('takes a client id of 1 to 500 printable characters, trimmed of pasted white space', () => {
    const id = '123-abc.apps.googleusercontent.com'
    expect(setClient.parse({ provider: 'google', clientId: `  ${id}\n` })).toEqual({
      provider: 'google',
      clientId: id
    })
    expect(setClient.safeParse({ provider: 'microsoft', clientId: 'é'.repeat(500) }).success).toBe(true)
    expect(setClient.safeParse({ provider: 'google', clientId: null, clientSecret: null }).success).toBe(true)
  })

  it('refuses an empty, over-long, spaced or unprintable client id or secret', () => {
    for (const bad of [
      '',
      '   ',
      'a'.repeat(501),
      'two words',
      'tab\there',
      'bell\u0007',
      'zero\u200bwidth'
    ]) {
      const asId = setClient.safeParse({ provider: 'google', clientId: bad })
      expect(asId.success, JSON.stringify(bad)).toBe(false)
      expect(asId.error?.issues[0]?.path).toEqual(['clientId'])
      const asSecret = setClient.safeParse({ provider: 'google', clientId: 'id', clientSecret: bad })
      expect(asSecret.error?.issues[0]?.path, JSON.stringify(bad)).toEqual(['clientSecret'])
    }
  })

  it('refuses an unknown provider and unknown fields', () => {
    expect(setClient.safeParse({ provider: 'yahoo', clientId: 'id' }).success).toBe(false)
    expect(setClient.safeParse({ provider: 'google', clientId: 'id', clientSecretRef: 'x' }).success).toBe(
      false
    )
  })
})

describe('which OAuth client a provider uses', () => {
  it('prefers the environment over settings, whole: its id never pairs with a saved secret', async () => {
    const { service, under } = clients()
    await service.set({ provider: 'google', clientId: 'saved-id', clientSecret: 'saved-secret' })
    // The same workspace, now under a host that sets the client in its environment.
    const withEnv = under({ clients: { google: { clientId: 'env-id' } } })
    expect(await withEnv.resolve('google')).toEqual({ clientId: 'env-id' })
    expect(await withEnv.status('google')).toEqual({
      provider: 'google',
      clientId: 'env-id',
      hasSecret: false,
      secretLost: false,
      source: 'environment'
    })
    expect(await service.resolve('google')).toEqual({ clientId: 'saved-id', clientSecret: 'saved-secret' })
  })

  it('uses the settings when the environment has no client for that provider', async () => {
    const { service } = clients({ clients: { google: { clientId: 'env-id', clientSecret: 'env-secret' } } })
    expect(await service.set({ provider: 'microsoft', clientId: 'ms-id' })).toEqual({
      provider: 'microsoft',
      clientId: 'ms-id',
      hasSecret: false,
      secretLost: false,
      source: 'settings'
    })
    expect(await service.list()).toEqual([
      { provider: 'google', clientId: 'env-id', hasSecret: true, secretLost: false, source: 'environment' },
      { provider: 'microsoft', clientId: 'ms-id', hasSecret: false, secretLost: false, source: 'settings' }
    ])
    expect(await service.resolve('microsoft')).toEqual({ clientId: 'ms-id' })
  })

  it('refuses to save a client the environment sets', async () => {
    const { service, settingRows } = clients({ clients: { google: { clientId: 'env-id' } } })
    await expect(service.set({ provider: 'google', clientId: 'other' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'clientId',
      message: expect.stringContaining('RAPPORT_GOOGLE_CLIENT_ID')
    })
    expect(settingRows().filter((row) => row.value === 'other')).toEqual([])
  })

  it('says where to set a client id when neither source has one', async () => {
    const { service } = clients()
    expect(await service.status('google')).toEqual({
      provider: 'google',
      clientId: null,
      hasSecret: false,
      secretLost: false,
      source: null
    })
    await expect(service.resolve('google')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/in Settings.*RAPPORT_GOOGLE_CLIENT_ID/)
    })
  })

  it('keeps the secret in the secret store, keeps it when only the id changes, and clears it with the id', async () => {
    const { service, secrets, settingRows } = clients()
    await service.set({ provider: 'google', clientId: 'id-1', clientSecret: 'GOCSPX-secret' })
    expect(JSON.stringify(settingRows())).not.toContain('GOCSPX-secret')
    const ref = settingRows().find((row) => row.value.startsWith('oauth-client:google:'))!.value
    expect(await secrets.get(ref)).toBe('GOCSPX-secret')

    expect(await service.set({ provider: 'google', clientId: 'id-2' })).toMatchObject({ hasSecret: true })
    expect(await service.resolve('google')).toEqual({ clientId: 'id-2', clientSecret: 'GOCSPX-secret' })

    expect(await service.set({ provider: 'google', clientId: 'id-2', clientSecret: null })).toMatchObject({
      hasSecret: false
    })
    expect(await secrets.get(ref)).toBeNull()

    await service.set({ provider: 'google', clientId: 'id-2', clientSecret: 'another' })
    expect(await service.set({ provider: 'google', clientId: null })).toEqual({
      provider: 'google',
      clientId: null,
      hasSecret: false,
      secretLost: false,
      source: null
    })
    expect(settingRows().filter((row) => row.value.includes('oauth-client') || row.value === 'id-2')).toEqual(
      []
    )
    await expect(
      service.set({ provider: 'google', clientId: null, clientSecret: 'orphan' })
    ).rejects.toMatchObject({ field: 'clientSecret' })
  })

  it('says when a secret saved without a keychain is gone after a restart, and refuses to sign in without it', async () => {
    const { service, db } = clients()
    await service.set({ provider: 'google', clientId: 'id-1', clientSecret: 'GOCSPX-secret' })
    // A restart without a keychain: the settings are still there, the in-memory secret is not.
    const restarted = new OAuthClients({}, new OAuthClientSettings(db), new MemorySecretStore())
    expect(await restarted.status('google')).toEqual({
      provider: 'google',
      clientId: 'id-1',
      hasSecret: false,
      secretLost: true,
      source: 'settings'
    })
    await expect(restarted.resolve('google')).rejects.toMatchObject({
      code: 'OAUTH_CLIENT_SECRET_MISSING',
      message: expect.stringMatching(/no system keychain.*Enter it again in Settings/)
    })
    // Entering it again is all it takes.
    expect(
      await restarted.set({ provider: 'google', clientId: 'id-1', clientSecret: 'GOCSPX-secret' })
    ).toMatchObject({
      hasSecret: true,
      secretLost: false
    })
    expect(await restarted.resolve('google')).toEqual({ clientId: 'id-1', clientSecret: 'GOCSPX-secret' })
  })
})
