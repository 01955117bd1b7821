import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { OAuthClients } from '../../src-main/core/oauth/oauth-clients'
import { OAuthTokens } from '../../src-main/core/oauth/oauth-tokens'
import { refreshAccessToken } from '../../src-main/core/oauth/token-client'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'

describe('renewing an OAuth2 sign-in', () => {
  it('does not write the fresh tokens back for an account deleted while the provider answered', async () => {
    let answer: () => void = () => undefined
    let asked: () => void = () => undefined
    const requested = new Promise<void>((resolve) => (asked = resolve))
    // A token endpoint that holds its answer until told.
    const endpoint = createServer((_req, res) => {
      answer = () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 'fresh', expires_in: 3600, refresh_token: 'rotated' }))
      asked()
    })
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve()))
    try {
      const secrets = new MemorySecretStore()
      const tokenUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/token`
      const clients = { resolve: async () => ({ clientId: 'rapport-test' }) } as unknown as OAuthClients
      const tokens = new OAuthTokens(secrets, { endpoints: { google: { tokenUrl } } }, clients)
      const owner = { email: 'ana@example.test', secretRef: 'account:ana' }
      await tokens.save(owner.secretRef, 'google', {
        accessToken: 'old',
        refreshToken: 'r1',
        expiresAt: Date.now() - 1
      })
      const renewing = tokens.accessToken(owner)
      await requested
      await secrets.delete(owner.secretRef) // the user deletes the account now
      answer()
      await expect(renewing).rejects.toMatchObject({ code: 'SECRET_MISSING' })
      expect(await secrets.get(owner.secretRef)).toBeNull()
    } finally {
      endpoint.close()
    }
  })
})

describe('the lifetime a token endpoint gives', () => {
  it.each([
    ['a number', 3599],
    ['a string of one (older Azure AD endpoints)', '3599']
  ])('is read from expires_in as %s', async (_as, expiresIn) => {
    const endpoint = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'fresh', expires_in: expiresIn }))
    )
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve()))
    try {
      const tokenUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/token`
      const before = Date.now()
      const tokens = await refreshAccessToken(tokenUrl, { clientId: 'rapport-test' }, 'r1')
      expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3599_000)
      expect(tokens.expiresAt).toBeLessThanOrEqual(Date.now() + 3599_000)
    } finally {
      endpoint.close()
    }
  })
})
