// Signing in with Google to an address as people type it: a plus-address, whose mailbox Google
// knows (and signs in) without the tag, and a domain typed with an IME's full stop. The login
// hint and the XOAUTH2 user are the mailbox's own name; the account keeps the address to send
// from. Dovecot's oauth2 passdb refuses a token presented for another user than its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { playBrowser, startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import { CoreFixture } from './fixtures/core-fixture'

let servers: OAuthMailServers
let oauth: FakeOAuthServer
let fixture: CoreFixture

beforeAll(async () => {
  servers = await startOAuthMailServers()
  oauth = servers.oauth
  fixture = new CoreFixture({
    oauth: {
      clients: { google: { clientId: oauth.clientId } },
      endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } }
    }
  })
}, 60_000)

afterAll(async () => {
  fixture?.close()
  await servers?.stop()
})

/** The whole sign-in for a typed address: its login hint, and the account it adds. */
async function signIn(email: string) {
  const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', {
    email,
    provider: 'google'
  })
  await playBrowser(authorizationUrl)
  const account = await fixture.call('accounts.oauthFinish', {
    flowId,
    imap: { host: servers.dovecot.host, port: servers.dovecot.imapPort, security: 'none' },
    smtp: { host: servers.relay.host, port: servers.relay.port, security: 'none' }
  })
  return { loginHint: new URL(authorizationUrl).searchParams.get('login_hint'), account }
}

describe('signing in with Google to an address as typed', () => {
  it('signs a plus-address in as the mailbox without its tag, and keeps the address typed as the account’s own', async () => {
    const { loginHint, account } = await signIn('alice+sales@example.test')
    expect(loginHint).toBe('alice@example.test')
    // The IMAP check passed: XOAUTH2 named alice, whose token it was.
    expect(account).toMatchObject({ email: 'alice+sales@example.test', user: 'alice@example.test' })
    await fixture.call('accounts.remove', { accountId: account.id })
  })

  it('signs in, and saves, an address typed with an IME’s full stop with a plain domain', async () => {
    const { loginHint, account } = await signIn('alice@example。test')
    expect(loginHint).toBe('alice@example.test')
    expect(account).toMatchObject({ email: 'alice@example.test', user: 'alice@example.test' })
  })
})
