// The CLI reads secrets through an overlay (for --password-env on a machine without a keychain),
// on the keychain the app uses too. A `rapport sync` of a large mailbox outlasts an OAuth2 access
// token: it renews the sign-in, and later the app renews it again (a provider such as Microsoft
// rotates the refresh token each time). The CLI read its own copy back from the overlay, not the
// app's from the keychain: its next renewal used a refresh token already void, and the mailbox
// was paused in "sign in again", in the app too.
import { describe, expect, it } from 'vitest'
import type { OAuthClients } from '../../src-main/core/oauth/oauth-clients'
import { OAuthTokens } from '../../src-main/core/oauth/oauth-tokens'
import { MemorySecretStore, OverlaySecretStore } from '../../src-main/core/secrets/secret-store'
import { rotatingEndpoint } from './fixtures/rotating-token-endpoint'

describe('the CLI and the app renewing one OAuth2 sign-in in turn', () => {
  it('renews with the refresh token the app stored since the CLI last renewed', async () => {
    const endpoint = await rotatingEndpoint()
    // Within the renewal margin: the next use renews again, as an hour later would.
    endpoint.setLifetime(30)
    endpoint.answerAll()
    try {
      const keychain = new MemorySecretStore(null)
      const clients = { resolve: async () => ({ clientId: 'rapport-test' }) } as unknown as OAuthClients
      const config = { endpoints: { microsoft: { tokenUrl: endpoint.tokenUrl } } }
      const app = new OAuthTokens(keychain, config, clients)
      const cli = new OAuthTokens(new OverlaySecretStore(keychain), config, clients)
      const owner = { email: 'ana@example.test', secretRef: 'account:ana' }
      await app.save(owner.secretRef, 'microsoft', {
        accessToken: 'a1',
        refreshToken: 'r1',
        expiresAt: Date.now() - 1
      })
      expect(await cli.accessToken(owner)).toBe('a2') // the CLI renews: r1 -> r2
      expect(await app.accessToken(owner)).toBe('a3') // then the app: r2 -> r3
      expect(await cli.accessToken(owner)).toBe('a4') // the CLI again, with r3
      const stored = JSON.parse((await keychain.get(owner.secretRef))!) as { refreshToken: string }
      expect(endpoint.live.has(stored.refreshToken)).toBe(true)
    } finally {
      endpoint.close()
    }
  })
})
