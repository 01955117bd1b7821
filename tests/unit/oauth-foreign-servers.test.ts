// A Google or Microsoft access token grants the whole mailbox: an OAuth2 sign-in against the
// provider's real token endpoint refuses to add an account whose servers are not the provider's,
// before any code is exchanged. (The integration tests point the endpoints at a fake
// authorization server, whose tokens are its own and may go to the test's Dovecot.)
import { afterEach, describe, expect, it } from 'vitest'
import { CoreFixture } from '../integration/fixtures/core-fixture'

let fixture: CoreFixture
afterEach(() => fixture?.close())

const servers = (imapHost: string, smtpHost: string) => ({
  imap: { host: imapHost, port: 993, security: 'tls' as const },
  smtp: { host: smtpHost, port: 465, security: 'tls' as const }
})

async function startGoogleSignIn() {
  fixture = new CoreFixture({ oauth: { clients: { google: { clientId: 'rapport-test.apps' } } } })
  const started = await fixture.call('accounts.oauthStart', { email: 'ana@corp.example', provider: 'google' })
  expect(new URL(started.authorizationUrl).origin).toBe('https://accounts.google.com')
  return { ...started, redirectUri: new URL(started.authorizationUrl).searchParams.get('redirect_uri')! }
}

describe('OAuth2 sign-in with servers that are not the provider’s', () => {
  it('refuses an SMTP server elsewhere, at its field, and ends the sign-in', async () => {
    const { flowId, redirectUri } = await startGoogleSignIn()
    const refused = await fixture.error('accounts.oauthFinish', {
      flowId,
      ...servers('imap.gmail.com', 'smtp.attacker.example')
    })
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: 'smtp.host' })
    expect(refused.message).toMatch(/only with Google's own servers, and smtp\.attacker\.example is not one/)
    // Ended: nothing waits for the browser any more, and the flow cannot be finished another way.
    await expect(fetch(`${redirectUri}?state=x&code=y`)).rejects.toThrow()
    expect(await fixture.error('accounts.oauthFinish', { flowId })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await fixture.call('accounts.list', {})).toEqual([])
  })

  it("refuses an IMAP server elsewhere, and another provider's servers", async () => {
    const first = await startGoogleSignIn()
    expect(
      await fixture.error('accounts.oauthFinish', {
        flowId: first.flowId,
        ...servers('imap.gmail.com.attacker.example', 'smtp.gmail.com')
      })
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'imap.host' })
    const second = await fixture.call('accounts.oauthStart', {
      email: 'ana@corp.example',
      provider: 'google'
    })
    expect(
      await fixture.error('accounts.oauthFinish', {
        flowId: second.flowId,
        ...servers('outlook.office365.com', 'smtp.office365.com')
      })
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'imap.host' })
  })
})
