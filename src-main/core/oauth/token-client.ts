import { CoreError } from '../errors'
import type { OAuthClient } from './oauth-config'

export type TokenSet = {
  accessToken: string
  /** Absent when the provider keeps the previous refresh token valid (a refresh may omit it). */
  refreshToken: string | null
  /** Epoch milliseconds. */
  expiresAt: number
}

type TokenResponse = {
  access_token?: unknown
  refresh_token?: unknown
  expires_in?: unknown
  error?: unknown
  error_description?: unknown
}

const TIMEOUT_MS = 15_000
/** Assumed lifetime when the server does not say: short, so a refresh comes early rather than late. */
const DEFAULT_LIFETIME_S = 300

/** The authorization code grant with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export function exchangeCode(
  tokenUrl: string,
  client: OAuthClient,
  grant: { code: string; verifier: string; redirectUri: string }
): Promise<TokenSet> {
  // Unlike a renewal, which the next pass tries again, a sign-in is over once its code is spent.
  const next = 'Start the sign-in again in a moment.'
  return requestToken(
    tokenUrl,
    client,
    {
      grant_type: 'authorization_code',
      code: grant.code,
      code_verifier: grant.verifier,
      redirect_uri: grant.redirectUri
    },
    next
  )
}

/** The refresh grant (RFC 6749 §6). invalid_grant means the user must sign in again. */
export function refreshAccessToken(
  tokenUrl: string,
  client: OAuthClient,
  refreshToken: string
): Promise<TokenSet> {
  return requestToken(
    tokenUrl,
    client,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    'Rapport will try again shortly.'
  )
}

async function requestToken(
  tokenUrl: string,
  client: OAuthClient,
  params: Record<string, string>,
  /** What happens after the server is busy or failing: said to the user. */
  whenBusy: string
): Promise<TokenSet> {
  const body = new URLSearchParams({ ...params, client_id: client.clientId })
  if (client.clientSecret) body.set('client_secret', client.clientSecret)
  let response: Response
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS)
    })
  } catch (error) {
    throw new CoreError(
      'HOST_UNREACHABLE',
      `Could not reach the sign-in server ${new URL(tokenUrl).host} (${(error as Error).message}). Check that you are online.`
    )
  }
  const json = (await response.json().catch(() => ({}))) as TokenResponse
  if (!response.ok || typeof json.access_token !== 'string') {
    const reason = [json.error, json.error_description].filter((v) => typeof v === 'string').join(': ')
    // RFC 6749 §5.2 answers a refused grant or client with 400 (401 for client authentication):
    // invalid_grant (revoked, expired) cannot be retried, so sign in again. A rate limit (429),
    // an outage (5xx) or anything else passes: the next pass tries again.
    if (response.status === 400 || response.status === 401) {
      throw new CoreError(
        'AUTH_FAILED',
        `The sign-in server refused the authorization (${reason || `HTTP ${response.status}`}). Sign in again.`,
        'password',
        { serverText: reason || `HTTP ${response.status}` }
      )
    }
    throw new CoreError(
      'SYNC_FAILED',
      `The sign-in server is busy or failing (${reason || `HTTP ${response.status}`}). ${whenBusy}`
    )
  }
  // A number, or a string of one (older Azure AD endpoints): read as the default, a one-hour
  // token would be renewed every four minutes.
  const seconds = typeof json.expires_in === 'string' ? Number(json.expires_in) : json.expires_in
  const lifetime =
    typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LIFETIME_S
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
    expiresAt: Date.now() + lifetime * 1000
  }
}
