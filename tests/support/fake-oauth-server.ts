// A small but strict OAuth2 authorization server on 127.0.0.1 for integration tests:
//   GET  /authorize   checks the client and PKCE parameters, then redirects to the loopback
//                     redirect_uri with a one-time code (the "user" has already consented)
//   POST /token       authorization_code grant with PKCE S256 verification, and refresh_token grant
//   POST /introspect  RFC 7662 token introspection, for Dovecot's oauth2 passdb (XOAUTH2 logins)
// Tokens can be revoked to test "sign in again".
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeOAuthServer {
  url: string
  authorizationUrl: string
  tokenUrl: string
  introspectionUrl: string
  clientId: string
  /** Set when the server was started with one: then the token endpoint requires it. */
  clientSecret: string | null
  /** Every grant_type the token endpoint served, in order. */
  grants: string[]
  /** Every token Dovecot asked about. */
  introspected: string[]
  /** Every access token issued, oldest first. */
  issued: string[]
  /** RFC 7662 introspection, as Dovecot does it: is this token active for this user? */
  isActive(user: string, accessToken: string): boolean
  /** Lifetime of the access tokens it issues from now on, in seconds. */
  setAccessTokenLifetime(seconds: number): void
  /** Revokes every token of a user, as when they remove the app's access in their account settings. */
  revokeUser(user: string): void
  /** Revokes the user's access tokens only, before their time; refreshing still works. */
  revokeAccessTokens(user: string): void
  /** The token endpoint's next answer is this status and body instead (a rate limit, an outage). */
  failNextToken(status: number, body: Record<string, string>): void
  stop(): Promise<void>
}

type Code = { user: string; challenge: string; redirectUri: string; scope: string }
type Token = { user: string; expiresAt: number; revoked: boolean }

const token = (): string => randomBytes(24).toString('base64url')

export async function startFakeOAuthServer(opts: {
  clientId?: string
  /** Like Google's token endpoint, which wants the secret even from a desktop app. */
  clientSecret?: string
  /** Like Microsoft's: every refresh answers with a new refresh token and voids the old one. */
  rotateRefreshTokens?: boolean
  user: string
}): Promise<FakeOAuthServer> {
  const clientId = opts.clientId ?? 'rapport-test-client'
  const clientSecret = opts.clientSecret ?? null
  const codes = new Map<string, Code>()
  const accessTokens = new Map<string, Token>()
  const refreshTokens = new Map<string, Token>()
  const grants: string[] = []
  const introspected: string[] = []
  const issued: string[] = []
  let lifetime = 3600
  let nextFailure: { status: number; body: Record<string, string> } | null = null

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(JSON.stringify(body))
  }
  const fail = (res: ServerResponse, error: string, description: string): void =>
    json(res, 400, { error, error_description: description })

  const issue = (user: string): Record<string, unknown> => {
    const access = token()
    const refresh = token()
    accessTokens.set(access, { user, expiresAt: Date.now() + lifetime * 1000, revoked: false })
    issued.push(access)
    refreshTokens.set(refresh, { user, expiresAt: Infinity, revoked: false })
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: lifetime }
  }

  const authorize = (url: URL, res: ServerResponse): void => {
    const q = url.searchParams
    const redirectUri = q.get('redirect_uri') ?? ''
    // RFC 8252 §7.3: loopback IP literal, any port.
    if (q.get('client_id') !== clientId || !/^http:\/\/127\.0\.0\.1:\d+\//.test(redirectUri)) {
      res.writeHead(400).end('bad client_id or redirect_uri')
      return
    }
    const back = new URL(redirectUri)
    back.searchParams.set('state', q.get('state') ?? '')
    if (
      q.get('response_type') !== 'code' ||
      q.get('code_challenge_method') !== 'S256' ||
      !q.get('code_challenge')
    ) {
      back.searchParams.set('error', 'invalid_request')
      back.searchParams.set('error_description', 'PKCE with S256 is required')
    } else {
      const code = token()
      codes.set(code, {
        user: opts.user,
        challenge: q.get('code_challenge')!,
        redirectUri,
        scope: q.get('scope') ?? ''
      })
      back.searchParams.set('code', code)
    }
    res.writeHead(302, { location: back.toString() }).end()
  }

  const tokenEndpoint = (form: URLSearchParams, res: ServerResponse): void => {
    const grant = form.get('grant_type') ?? ''
    grants.push(grant)
    if (nextFailure) {
      const { status, body } = nextFailure
      nextFailure = null
      return json(res, status, body)
    }
    if (form.get('client_id') !== clientId) return fail(res, 'invalid_client', 'unknown client')
    if (clientSecret !== null && form.get('client_secret') !== clientSecret)
      return json(res, 401, { error: 'invalid_client', error_description: 'wrong or missing client secret' })
    if (grant === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '') // one use only
      if (!code) return fail(res, 'invalid_grant', 'unknown or used code')
      if (code.redirectUri !== form.get('redirect_uri'))
        return fail(res, 'invalid_grant', 'redirect_uri mismatch')
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url')
      if (challenge !== code.challenge) return fail(res, 'invalid_grant', 'PKCE verification failed')
      return json(res, 200, issue(code.user))
    }
    if (grant === 'refresh_token') {
      const stored = refreshTokens.get(form.get('refresh_token') ?? '')
      if (!stored || stored.revoked) return fail(res, 'invalid_grant', 'Token has been expired or revoked.')
      const { access_token, expires_in, refresh_token } = issue(stored.user)
      if (opts.rotateRefreshTokens) {
        stored.revoked = true
        return json(res, 200, { access_token, expires_in, refresh_token, token_type: 'Bearer' })
      }
      // Like Google: a refresh answers with a new access token and keeps the refresh token.
      return json(res, 200, { access_token, expires_in, token_type: 'Bearer' })
    }
    return fail(res, 'unsupported_grant_type', grant)
  }

  const introspect = (form: URLSearchParams, res: ServerResponse): void => {
    const value = form.get('token') ?? ''
    introspected.push(value)
    const stored = accessTokens.get(value)
    const active = !!stored && !stored.revoked && stored.expiresAt > Date.now()
    json(res, 200, active ? { active: true, username: stored.user } : { active: false })
  }

  const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res)
    if (req.method === 'POST' && url.pathname === '/token')
      return void readForm(req).then((f) => tokenEndpoint(f, res))
    if (req.method === 'POST' && url.pathname === '/introspect')
      return void readForm(req).then((f) => introspect(f, res))
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    authorizationUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    introspectionUrl: `${url}/introspect`,
    clientId,
    clientSecret,
    grants,
    introspected,
    issued,
    isActive(user, accessToken) {
      const stored = accessTokens.get(accessToken)
      return !!stored && stored.user === user && !stored.revoked && stored.expiresAt > Date.now()
    },
    setAccessTokenLifetime: (seconds) => void (lifetime = seconds),
    failNextToken(status, body) {
      nextFailure = { status, body }
    },
    revokeUser(user) {
      for (const t of [...accessTokens.values(), ...refreshTokens.values()])
        if (t.user === user) t.revoked = true
    },
    revokeAccessTokens(user) {
      for (const t of accessTokens.values()) if (t.user === user) t.revoked = true
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
