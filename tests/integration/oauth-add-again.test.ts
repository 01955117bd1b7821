// Adding again, through Google, an address Rapport already has: connected, or disconnected and
// kept as a read-only archive. The refusal comes when the sign-in starts, before the user is sent
// to the provider's page to consent for nothing, and for an archive it says how to reconnect it:
// with Google, since `rapport account servers` needs a password such a mailbox never had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { playBrowser, startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import { CoreFixture } from './fixtures/core-fixture'

let servers: OAuthMailServers
let oauth: FakeOAuthServer

beforeAll(async () => {
  servers = await startOAuthMailServers()
  oauth = servers.oauth
}, 60_000)

afterAll(async () => {
  await servers?.stop()
})

describe('signing in with Google to add an address already in Rapport', () => {
  it('is refused at its start, connected or kept as an archive, and the archive says to sign in to it with Google', async () => {
    const fixture = new CoreFixture({
      oauth: {
        clients: { google: { clientId: oauth.clientId } },
        endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } }
      }
    })
    try {
      const start = { email: 'alice@example.test', provider: 'google' as const }
      const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', start)
      await playBrowser(authorizationUrl)
      const account = await fixture.call('accounts.oauthFinish', {
        flowId,
        imap: { host: servers.dovecot.host, port: servers.dovecot.imapPort, security: 'none' },
        smtp: { host: servers.relay.host, port: servers.relay.port, security: 'none' }
      })
      const codes = oauth.grants.filter((g) => g === 'authorization_code').length

      expect(await fixture.error('accounts.oauthStart', start)).toMatchObject({
        code: 'ALREADY_EXISTS',
        field: 'email'
      })
      await fixture.call('accounts.disconnect', { accountId: account.id, mode: 'archive' })
      const archived = await fixture.error('accounts.oauthStart', { ...start, email: 'Alice@Example.test' })
      expect(archived).toMatchObject({ code: 'ALREADY_EXISTS', field: 'email' })
      expect(archived.message).toMatch(/read-only archive/)
      expect(archived.message).toMatch(/with Google/)
      expect(archived.message).not.toMatch(/account servers/)
      expect(oauth.grants.filter((g) => g === 'authorization_code')).toHaveLength(codes)

      // Signing in to the archive itself reconnects it, with its mail.
      const again = await fixture.call('accounts.oauthStart', { ...start, accountId: account.id })
      await playBrowser(again.authorizationUrl)
      expect(await fixture.call('accounts.oauthFinish', { flowId: again.flowId })).toMatchObject({
        id: account.id,
        state: 'active'
      })
      expect(await fixture.call('accounts.list', {})).toHaveLength(1)
    } finally {
      fixture.close()
    }
  })
})
