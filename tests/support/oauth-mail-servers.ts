// A provider that signs in with OAuth2, stood up locally: a fake authorization server, a Dovecot
// whose oauth2 passdb checks each XOAUTH2 login by asking that server about the token, and an
// SMTP relay into Dovecot that accepts the same tokens. Shared by the OAuth tests of every layer.
import { startDovecot, type DovecotServer } from './dovecot'
import { startFakeOAuthServer, type FakeOAuthServer } from './fake-oauth-server'
import { startSmtpRelay, type SmtpRelay } from './smtp-relay'

export type OAuthMailServers = {
  oauth: FakeOAuthServer
  dovecot: DovecotServer
  relay: SmtpRelay
  stop(): Promise<void>
}

/**
 * The user is Dovecot's "alice"; a clientSecret makes the token endpoint require it, and
 * rotateRefreshTokens makes it answer each refresh as Microsoft does.
 */
export async function startOAuthMailServers(
  opts: { clientSecret?: string; rotateRefreshTokens?: boolean } = {}
): Promise<OAuthMailServers> {
  const oauth = await startFakeOAuthServer({ user: 'alice', ...opts })
  let dovecot: DovecotServer | undefined
  let relay: SmtpRelay | undefined
  const stop = async () => {
    await relay?.stop()
    await dovecot?.stop()
    await oauth.stop()
  }
  try {
    dovecot = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } })
    relay = await startSmtpRelay({
      lmtpHost: dovecot.host,
      lmtpPort: dovecot.lmtpPort,
      users: dovecot.users,
      verifyAccessToken: async (user, token) => oauth.isActive(user.replace(/@.*/, ''), token)
    })
    return { oauth, dovecot, relay, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** What the browser does: GET the authorization URL, follow its redirect to the loopback listener. */
export async function playBrowser(authorizationUrl: string): Promise<{ status: number; page: string }> {
  const consent = await fetch(authorizationUrl, { redirect: 'manual' })
  if (consent.status !== 302)
    throw new Error(`The authorization page answered ${consent.status}, not a redirect`)
  const landing = await fetch(consent.headers.get('location')!)
  return { status: landing.status, page: await landing.text() }
}
