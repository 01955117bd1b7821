import { describe, expect, it } from 'vitest'
import type { OAuthClients } from '../../src-main/core/oauth/oauth-clients'
import { OAuthTokens } from '../../src-main/core/oauth/oauth-tokens'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { rotatingEndpoint } from './fixtures/rotating-token-endpoint'

// Web mode and `rapport sync` in a terminal (or two CLI runs) share one data directory and one
// keychain, each with its own OAuthTokens: the in-process sharing of a renewal does not reach across them.
// Both may find the access token expiring and renew it with the same refresh token. A provider
// that rotates refresh tokens (Microsoft) voids the old one at the first renewal, so the second
// is refused with invalid_grant, although the first process has just stored a fresh, valid pair.

/** The app and a CLI run, each with its own OAuthTokens, on one keychain holding a1 / r1. */
async function twoProcesses(expiresAt: number) {
  const endpoint = await rotatingEndpoint()
  const keychain = new MemorySecretStore()
  const clients = { resolve: async () => ({ clientId: 'rapport-test' }) } as unknown as OAuthClients
  const config = { endpoints: { microsoft: { tokenUrl: endpoint.tokenUrl } } }
  const app = new OAuthTokens(keychain, config, clients)
  const cli = new OAuthTokens(keychain, config, clients)
  const owner = { email: 'ana@example.test', secretRef: 'account:ana' }
  await app.save(owner.secretRef, 'microsoft', { accessToken: 'a1', refreshToken: 'r1', expiresAt })
  return { endpoint, keychain, app, cli, owner }
}

describe('two processes renewing one OAuth2 sign-in at the same time', () => {
  it('keeps the mailbox signed in with the refresh token the other process rotated, rather than asking to sign in again', async () => {
    const { endpoint, keychain, app, cli, owner } = await twoProcesses(Date.now() - 1)
    try {
      const inApp = app.accessToken(owner)
      const inCli = cli.accessToken(owner)
      await endpoint.waiting(2)
      endpoint.answerNext() // the app's renewal: r1 becomes r2, r1 is void
      expect(await inApp).toBe('a2')
      endpoint.answerAll() // the CLI's, with r1, is refused
      expect(await inCli).toBe('a2')
      const stored = JSON.parse((await keychain.get(owner.secretRef))!) as { refreshToken: string }
      expect(endpoint.live.has(stored.refreshToken)).toBe(true)
    } finally {
      endpoint.close()
    }
  })

  it('uses the access token the other process stored when its own renewal of a refused one is refused', async () => {
    const { endpoint, keychain, app, cli, owner } = await twoProcesses(Date.now() + 3600_000)
    try {
      // Both were refused a1 by the server before its time, and renew it.
      const inApp = app.accessToken(owner, { renew: true })
      const inCli = cli.accessToken(owner, { renew: true })
      await endpoint.waiting(2)
      endpoint.answerNext()
      expect(await inApp).toBe('a2')
      endpoint.answerAll()
      // The CLI's renewal was refused: a2, stored meanwhile, is newer than the a1 it was asked to
      // replace, so it is good to use.
      expect(await inCli).toBe('a2')
      const stored = JSON.parse((await keychain.get(owner.secretRef))!) as { refreshToken: string }
      expect(endpoint.live.has(stored.refreshToken)).toBe(true)
    } finally {
      endpoint.close()
    }
  })

  it('renews with the rotated refresh token when the access token the other process stored runs out too soon', async () => {
    const { endpoint, keychain, app, cli, owner } = await twoProcesses(Date.now() - 1)
    try {
      endpoint.setLifetime(30) // within the renewal margin: not worth using
      const inApp = app.accessToken(owner)
      const inCli = cli.accessToken(owner)
      await endpoint.waiting(2)
      endpoint.answerNext()
      expect(await inApp).toBe('a2')
      endpoint.setLifetime(3600)
      endpoint.answerAll()
      expect(await inCli).toBe('a3')
      const stored = JSON.parse((await keychain.get(owner.secretRef))!) as { refreshToken: string }
      expect(stored.refreshToken).toBe('r3')
      expect(endpoint.live.has('r3')).toBe(true)
    } finally {
      endpoint.close()
    }
  })
})
