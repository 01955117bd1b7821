import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendMessages, type DovecotServer } from '../support/dovecot'
import type { FakeOAuthServer } from '../support/fake-oauth-server'
import { playBrowser, startOAuthMailServers, type OAuthMailServers } from '../support/oauth-mail-servers'
import type { SmtpRelay } from '../support/smtp-relay'
import { startTcpProxy } from '../support/tcp-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { REFRESH_MARGIN_MS } from '../../src-main/core/oauth/oauth-tokens'

// OAuth2 end to end: a local authorization server (PKCE, refresh, introspection), the core's
// loopback listener, and a real Dovecot whose oauth2 passdb checks each XOAUTH2 login by asking
// that server. The test plays the browser: it opens the authorization URL and follows the redirect.

let servers: OAuthMailServers
let oauth: FakeOAuthServer
let dovecot: DovecotServer
let relay: SmtpRelay
let fixture: CoreFixture
const opened: string[] = []
let accountId = 0

/** Polls a condition until a deadline: for states the core does not announce (a server-side login). */
async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

type Tokens = { accessToken: string; refreshToken: string; expiresAt: number }

const storedTokens = async (fx = fixture, id = accountId): Promise<Tokens> => {
  const account = fx.core.workspace.accounts.get(id)
  return JSON.parse((await fx.core.secrets.get(account.secretRef))!)
}

/** Makes the stored access token expire this many ms from now (by default: already expired). */
const ageStoredToken = async (expiresInMs = -1000, fx = fixture, id = accountId): Promise<void> => {
  const account = fx.core.workspace.accounts.get(id)
  const tokens = await storedTokens(fx, id)
  await fx.core.secrets.set(
    account.secretRef,
    JSON.stringify({ ...tokens, expiresAt: Date.now() + expiresInMs })
  )
}

/** The workspace database and its WAL, as bytes: what anyone with the file could read. */
const sqliteBytes = (fx: CoreFixture): string[] => {
  const files = ['rapport.sqlite', 'rapport.sqlite-wal'].map((f) => join(fx.dataDir, f)).filter(existsSync)
  expect(files.length).toBeGreaterThan(0)
  return files.map((file) => readFileSync(file).toString('latin1'))
}

beforeAll(async () => {
  // Its token endpoint wants the client secret, like Google's: a sign-in proves the secret was sent.
  servers = await startOAuthMailServers({ clientSecret: `secret-${Date.now()}-not-in-sqlite` })
  oauth = servers.oauth
  dovecot = servers.dovecot
  relay = servers.relay
  fixture = new CoreFixture({
    oauth: {
      clients: { google: { clientId: oauth.clientId, clientSecret: oauth.clientSecret! } },
      endpoints: { google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } },
      openUrl: (url) => void opened.push(url)
    },
    sync: { realtime: { reconnect: { baseMs: 50, maxMs: 200 } } }
  })
  await appendMessages(dovecot, 'alice', 'alice-pw', 'INBOX', [
    'From: Bea <bea@client.example>\r\nTo: alice@example.test\r\nSubject: Quote\r\nMessage-ID: <q1@client.example>\r\n\r\nHello\r\n'
  ])
}, 60_000)

afterAll(async () => {
  await fixture?.core.stopRealtime()
  fixture?.close()
  await servers?.stop()
})

describe('OAuth2 sign-in (PKCE, loopback redirect) and XOAUTH2', () => {
  it('signs in through the browser with PKCE and adds an OAuth2 account checked over XOAUTH2', async () => {
    const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', {
      email: 'alice@example.test',
      provider: 'google'
    })
    expect(opened).toEqual([authorizationUrl])
    const params = new URL(authorizationUrl).searchParams
    expect(params.get('code_challenge_method')).toBe('S256')
    expect(params.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(params.get('client_id')).toBe(oauth.clientId)

    const browser = await playBrowser(authorizationUrl)
    expect(browser).toMatchObject({ status: 200, page: expect.stringContaining('Signed in') })

    const account = await fixture.call('accounts.oauthFinish', {
      flowId,
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      smtp: { host: relay.host, port: relay.port, security: 'none' }
    })
    accountId = account.id
    expect(account).toMatchObject({
      email: 'alice@example.test',
      auth: 'oauth2',
      oauthProvider: 'google',
      state: 'active'
    })
    expect(oauth.grants).toEqual(['authorization_code'])
    // The IMAP check went through Dovecot's oauth2 passdb with the issued token.
    expect(oauth.introspected).toContain(oauth.issued[0])
  })

  it('keeps both tokens in the secret store and never in SQLite', async () => {
    const tokens = await storedTokens()
    expect(tokens.accessToken).toBe(oauth.issued[0])
    expect(tokens.refreshToken).toMatch(/\S{20,}/)
    for (const bytes of sqliteBytes(fixture)) {
      expect(bytes).not.toContain(tokens.accessToken)
      expect(bytes).not.toContain(tokens.refreshToken)
    }
  })

  it('syncs and sends with the token: IMAP and SMTP both authenticate with XOAUTH2', async () => {
    const [result] = await fixture.call('sync.run', { accountId })
    expect(result!.fetched).toBe(1)
    await fixture.call('messages.send', {
      accountId,
      to: ['bea@client.example'],
      subject: 'Re: Quote',
      text: 'Here it is'
    })
    expect(relay.received.at(-1)).toMatchObject({ from: 'alice@example.test', to: ['bea@client.example'] })
    // A fresh token is used as it is: no refresh yet.
    expect(oauth.grants).toEqual(['authorization_code'])
  })

  it("changes an OAuth2 account's port, checked with its token, but never sends the token to a new host", async () => {
    const servers = (imapHost: string, imapPort: number) => ({
      accountId,
      user: 'alice@example.test',
      imap: { host: imapHost, port: imapPort, security: 'none' as const },
      smtp: { host: relay.host, port: relay.port, security: 'none' as const }
    })
    const introspected = oauth.introspected.length
    expect(
      await fixture.error('accounts.updateServers', servers('localhost', dovecot.imapPort))
    ).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'imap.host'
    })
    expect(
      await fixture.error('accounts.updateServers', {
        ...servers(dovecot.host, dovecot.imapPort),
        password: 'x'
      })
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'password' })
    // Refused before any login: the token went nowhere.
    expect(oauth.introspected).toHaveLength(introspected)

    const proxy = await startTcpProxy({ host: dovecot.host, port: dovecot.imapPort })
    try {
      const moved = await fixture.call('accounts.updateServers', servers(dovecot.host, proxy.port))
      expect(moved).toMatchObject({ auth: 'oauth2', state: 'active', imap: { port: proxy.port } })
      // Checked over XOAUTH2 at the new port.
      expect(proxy.accepted).toBeGreaterThan(0)
      expect(oauth.introspected.length).toBeGreaterThan(introspected)
    } finally {
      await fixture.call('accounts.updateServers', servers(dovecot.host, dovecot.imapPort))
      // The pass the change started ends before the tests below count token refreshes.
      await fixture.call('sync.run', { accountId })
      await proxy.close()
    }
  })

  it('refreshes the access token before it expires, and stores the new one', async () => {
    const before = await storedTokens()
    await ageStoredToken()
    const introspectedBefore = oauth.introspected.length
    await fixture.call('sync.run', { accountId })
    expect(oauth.grants).toEqual(['authorization_code', 'refresh_token'])
    const after = await storedTokens()
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.accessToken).toBe(oauth.issued.at(-1))
    // The refresh answer carried no refresh token: the old one is kept.
    expect(after.refreshToken).toBe(before.refreshToken)
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 60_000)
    expect(oauth.introspected.slice(introspectedBefore)).toContain(after.accessToken)
  })

  it('refreshes a token that expires within the margin, and leaves one with time left alone', async () => {
    const refreshes = () => oauth.grants.filter((g) => g === 'refresh_token').length
    await ageStoredToken(REFRESH_MARGIN_MS + 5 * 60_000)
    const before = refreshes()
    await fixture.call('sync.run', { accountId })
    expect(refreshes()).toBe(before)
    await ageStoredToken(REFRESH_MARGIN_MS - 5_000)
    await fixture.call('sync.run', { accountId })
    expect(refreshes()).toBe(before + 1)
    expect((await storedTokens()).expiresAt).toBeGreaterThan(Date.now() + REFRESH_MARGIN_MS)
  })

  it('treats a busy or failing sign-in server as a passing problem, not a reason to sign in again', async () => {
    for (const [status, body] of [
      [429, { error: 'rate_limit_exceeded', error_description: 'Too many requests' }],
      [503, { error: 'temporarily_unavailable' }]
    ] as const) {
      await ageStoredToken()
      oauth.failNextToken(status, body)
      const error = await fixture.error('sync.run', { accountId })
      expect(error.code).toBe('SYNC_FAILED')
      expect(error.message).toMatch(/try again/i)
      expect(fixture.core.workspace.accounts.get(accountId).state).toBe('active')
      // The next pass refreshes and syncs.
      await fixture.call('sync.run', { accountId })
    }
  })

  it('pauses the account in "sign in again" with the server\'s reason when the token is revoked, then signs in again', async () => {
    const logins = oauth.introspected.length
    fixture.core.startRealtime()
    const state = () => fixture.core.workspace.accounts.get(accountId).state
    await until('the live session logs in', async () => oauth.introspected.length > logins)
    oauth.revokeUser('alice')
    await ageStoredToken()
    // Cut the live session: the watcher reconnects, and needs a fresh token to do so.
    await until('the session is cut', () =>
      dovecot.doveadm(['kick', 'alice']).then(
        () => true,
        () => false
      )
    )
    await fixture.waitFor('the pause', () => state() === 'needs-signin')
    const [account] = await fixture.call('accounts.list', {})
    // The provider's own words, without Rapport's English around them.
    expect(account!.stateReason).toBe('invalid_grant: Token has been expired or revoked.')
    expect(await fixture.call('messages.list', { accountId })).toHaveLength(2)

    const again = await fixture.call('accounts.oauthStart', {
      email: 'alice@example.test',
      provider: 'google',
      accountId
    })
    await playBrowser(again.authorizationUrl)
    const signedIn = await fixture.call('accounts.oauthFinish', { flowId: again.flowId })
    expect(signedIn).toMatchObject({ id: accountId, state: 'active', stateReason: null })
    expect((await storedTokens()).accessToken).toBe(oauth.issued.at(-1))
  })

  it('rejects a redirect whose state does not match, and ends a flow that is cancelled', async () => {
    const { flowId, authorizationUrl } = await fixture.call('accounts.oauthStart', {
      email: 'x@example.test',
      provider: 'google'
    })
    const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri')!
    const forged = await fetch(`${redirectUri}?code=stolen&state=forged`)
    expect(forged.status).toBe(400)
    expect(await fixture.call('accounts.oauthCancel', { flowId })).toEqual({ cancelled: true })
    expect(await fixture.error('accounts.oauthFinish', { flowId })).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('says how to configure a client id when none is set', async () => {
    const error = await fixture.error('accounts.oauthStart', {
      email: 'x@outlook.com',
      provider: 'microsoft'
    })
    expect(error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(error.message).toMatch(/RAPPORT_MICROSOFT_CLIENT_ID/)
  })
})

describe('OAuth client ids set in the app, without environment variables', () => {
  const endpoints = () => ({ google: { authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl } })
  let app: CoreFixture
  let appAccountId = 0

  beforeAll(() => {
    // Only the endpoints come from the host (they stand in for Google's); no client id does.
    app = new CoreFixture({ oauth: { endpoints: endpoints() } })
  })
  afterAll(() => app?.close())

  it('signs in with PKCE using the client id and secret saved with oauth.setClient', async () => {
    expect(await app.call('oauth.clients', {})).toEqual([
      { provider: 'google', clientId: null, hasSecret: false, secretLost: false, source: null },
      { provider: 'microsoft', clientId: null, hasSecret: false, secretLost: false, source: null }
    ])
    expect(
      await app.error('accounts.oauthStart', { email: 'alice@example.test', provider: 'google' })
    ).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Settings') })

    const saved = await app.call('oauth.setClient', {
      provider: 'google',
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret
    })
    expect(saved).toEqual({
      provider: 'google',
      clientId: oauth.clientId,
      hasSecret: true,
      secretLost: false,
      source: 'settings'
    })
    expect(app.events).toContainEqual({ name: 'changed', payload: { tables: ['settings'], ids: [] } })

    const { flowId, authorizationUrl } = await app.call('accounts.oauthStart', {
      email: 'alice@example.test',
      provider: 'google'
    })
    expect(new URL(authorizationUrl).searchParams.get('client_id')).toBe(oauth.clientId)
    expect(await playBrowser(authorizationUrl)).toMatchObject({ status: 200 })
    const grants = oauth.grants.length
    const account = await app.call('accounts.oauthFinish', {
      flowId,
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      smtp: { host: relay.host, port: relay.port, security: 'none' }
    })
    appAccountId = account.id
    expect(account).toMatchObject({ auth: 'oauth2', oauthProvider: 'google', state: 'active' })
    expect(oauth.grants.slice(grants)).toEqual(['authorization_code'])
  })

  it('refreshes the token with the saved client secret', async () => {
    await ageStoredToken(-1000, app, appAccountId)
    const grants = oauth.grants.length
    const [result] = await app.call('sync.run', { accountId: appAccountId })
    expect(result!.fetched).toBeGreaterThan(0)
    expect(oauth.grants.slice(grants)).toEqual(['refresh_token'])
    expect((await storedTokens(app, appAccountId)).accessToken).toBe(oauth.issued.at(-1))
  })

  it('keeps the client secret in the secret store, never in SQLite, and never returns it', async () => {
    const secret = oauth.clientSecret!
    const ref = app.core.workspace.db
      .prepare("SELECT value FROM settings WHERE key = 'oauth.google.clientSecretRef'")
      .pluck()
      .get() as string
    expect(await app.core.secrets.get(ref)).toBe(secret)
    const files = sqliteBytes(app)
    // The client id is there (in the database or its WAL), so the search reads the right bytes.
    expect(files.join('')).toContain(oauth.clientId)
    for (const bytes of files) expect(bytes).not.toContain(secret)
    const listed = await app.call('oauth.clients', {})
    expect(listed).toEqual([
      {
        provider: 'google',
        clientId: oauth.clientId,
        hasSecret: true,
        secretLost: false,
        source: 'settings'
      },
      { provider: 'microsoft', clientId: null, hasSecret: false, secretLost: false, source: null }
    ])
    expect(JSON.stringify(listed)).not.toContain(secret)
    expect(JSON.stringify(app.events)).not.toContain(secret)
  })

  it('clears the client id and its secret together', async () => {
    const ref = app.core.workspace.db
      .prepare("SELECT value FROM settings WHERE key = 'oauth.google.clientSecretRef'")
      .pluck()
      .get() as string
    expect(await app.call('oauth.setClient', { provider: 'google', clientId: null })).toEqual({
      provider: 'google',
      clientId: null,
      hasSecret: false,
      secretLost: false,
      source: null
    })
    expect(await app.core.secrets.get(ref)).toBeNull()
    // An address not connected yet: one connected is refused before the client is looked at.
    expect(
      await app.error('accounts.oauthStart', { email: 'newcomer@example.test', provider: 'google' })
    ).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('refuses to change a client id the environment sets', async () => {
    expect(
      await fixture.error('oauth.setClient', { provider: 'google', clientId: 'something-else' })
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'clientId' })
    const [google] = await fixture.call('oauth.clients', {})
    expect(google).toEqual({
      provider: 'google',
      clientId: oauth.clientId,
      hasSecret: true,
      secretLost: false,
      source: 'environment'
    })
  })
})

describe('Microsoft: a public client (no secret), its scopes, and refresh tokens that rotate', () => {
  let ms: OAuthMailServers
  let fx: CoreFixture
  let id = 0

  beforeAll(async () => {
    ms = await startOAuthMailServers({ rotateRefreshTokens: true })
    fx = new CoreFixture({
      oauth: {
        clients: { microsoft: { clientId: ms.oauth.clientId } },
        endpoints: {
          microsoft: { authorizationUrl: ms.oauth.authorizationUrl, tokenUrl: ms.oauth.tokenUrl }
        },
        openUrl: () => undefined
      }
    })
    await appendMessages(ms.dovecot, 'alice', 'alice-pw', 'INBOX', [
      'From: Budi <budi@klien.example>\r\nTo: alice@example.test\r\nSubject: Penawaran\r\nMessage-ID: <ms1@klien.example>\r\n\r\nHalo\r\n'
    ])
  }, 60_000)

  afterAll(async () => {
    fx?.close()
    await ms?.stop()
  })

  it('signs in with Microsoft’s IMAP and SMTP scopes and offline_access, then syncs and sends over XOAUTH2', async () => {
    const { flowId, authorizationUrl } = await fx.call('accounts.oauthStart', {
      email: 'alice@example.test',
      provider: 'microsoft'
    })
    const scopes = new URL(authorizationUrl).searchParams.get('scope')!.split(' ')
    expect(scopes).toEqual(
      expect.arrayContaining([
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
        'offline_access'
      ])
    )
    expect((await playBrowser(authorizationUrl)).status).toBe(200)
    const account = await fx.call('accounts.oauthFinish', {
      flowId,
      imap: { host: ms.dovecot.host, port: ms.dovecot.imapPort, security: 'none' },
      smtp: { host: ms.relay.host, port: ms.relay.port, security: 'none' }
    })
    id = account.id
    expect(account).toMatchObject({ auth: 'oauth2', oauthProvider: 'microsoft', state: 'active' })
    await fx.call('sync.run', { accountId: id })
    expect((await fx.call('messages.list', { accountId: id })).map((m) => m.messageId)).toContain(
      '<ms1@klien.example>'
    )
    const sent = await fx.call('messages.send', {
      accountId: id,
      to: ['budi@klien.example'],
      subject: 'Re: Penawaran',
      text: 'Terima kasih.'
    })
    expect(ms.relay.received.filter((m) => m.raw.toString().includes(sent.messageId))).toHaveLength(1)
  })

  it('keeps the new refresh token each refresh hands out, so the next refresh still works', async () => {
    const first = await storedTokens(fx, id)
    await ageStoredToken(-1000, fx, id)
    await fx.call('sync.run', { accountId: id })
    const second = await storedTokens(fx, id)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    // The old refresh token is void now: only the stored new one can refresh again.
    await ageStoredToken(-1000, fx, id)
    await fx.call('sync.run', { accountId: id })
    expect((await storedTokens(fx, id)).refreshToken).not.toBe(second.refreshToken)
    expect(ms.oauth.grants.filter((g) => g === 'refresh_token')).toHaveLength(2)
    expect(fx.core.workspace.accounts.get(id).state).toBe('active')
  })
})
