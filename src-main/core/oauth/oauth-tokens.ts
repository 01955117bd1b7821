import type { OAuthProvider } from '../../../src-preload/contract/provider-commands'
import { CoreError } from '../errors'
import type { SecretStore } from '../secrets/secret-store'
import type { OAuthClients } from './oauth-clients'
import { endpointsFor, type OAuthConfig } from './oauth-config'
import { refreshAccessToken, type TokenSet } from './token-client'

/** What the secret store keeps for an OAuth2 account: both tokens, never SQLite or a log. */
type StoredTokens = { kind: 'oauth2'; provider: OAuthProvider } & TokenSet

/** Refresh this long before expiry, so a token never runs out in the middle of a sync. */
export const REFRESH_MARGIN_MS = 60_000

export type TokenOwner = { email: string; secretRef: string }

/**
 * Access and refresh tokens of OAuth2 accounts, kept in the secret store and refreshed before
 * they expire. A refresh the server refuses (revoked, expired) becomes AUTH_FAILED with the
 * server's reason, which pauses the account in "sign in again" like a wrong password.
 */
export class OAuthTokens {
  private readonly refreshing = new Map<string, Promise<string>>()

  constructor(
    private readonly secrets: SecretStore,
    readonly config: OAuthConfig,
    /** The client id (and secret) of each provider: the host's, else the workspace's. */
    readonly clients: OAuthClients
  ) {}

  async save(secretRef: string, provider: OAuthProvider, tokens: TokenSet): Promise<void> {
    const stored: StoredTokens = { kind: 'oauth2', provider, ...tokens }
    await this.secrets.set(secretRef, JSON.stringify(stored))
  }

  /**
   * A valid access token: the stored one, or a fresh one when it expires within the margin.
   * `renew`: a fresh one whatever the stored one's time (the server refused it before then).
   */
  async accessToken(owner: TokenOwner, { renew = false } = {}): Promise<string> {
    const stored = await this.read(owner)
    if (!renew && stored.expiresAt - Date.now() > REFRESH_MARGIN_MS) return stored.accessToken
    // Concurrent users of one account (sync, send, real time) share a single refresh.
    let pending = this.refreshing.get(owner.secretRef)
    if (!pending) {
      pending = this.refresh(owner, stored).finally(() => this.refreshing.delete(owner.secretRef))
      this.refreshing.set(owner.secretRef, pending)
    }
    return pending
  }

  /**
   * Waits for a renewal of this secret under way to end. Whoever deletes an account's secret
   * (disconnect, delete) calls this first: a renewal that found the secret still there just before
   * the delete would otherwise write its fresh tokens back after it, leaving a live refresh token.
   */
  async settle(secretRef: string): Promise<void> {
    await this.refreshing.get(secretRef)?.catch(() => undefined)
  }

  private async refresh(owner: TokenOwner, stored: StoredTokens, retried = false): Promise<string> {
    if (!stored.refreshToken) {
      throw new CoreError(
        'AUTH_FAILED',
        `The sign-in for ${owner.email} has expired. Sign in again.`,
        'password'
      )
    }
    const client = await this.clients.resolve(stored.provider)
    let fresh: TokenSet
    try {
      fresh = await refreshAccessToken(
        endpointsFor(this.config, stored.provider).tokenUrl,
        client,
        stored.refreshToken
      )
    } catch (error) {
      const elsewhere = retried ? null : await this.renewedElsewhere(owner, stored, error)
      if (!elsewhere) throw error
      if (elsewhere.expiresAt - Date.now() > REFRESH_MARGIN_MS) return elsewhere.accessToken
      return this.refresh(owner, elsewhere, true)
    }
    // The account may have been deleted or disconnected while the provider answered, taking its
    // secret with it: writing the fresh tokens now would leave a live refresh token behind.
    if ((await this.secrets.get(owner.secretRef)) === null) {
      throw new CoreError('SECRET_MISSING', `${owner.email} was signed out while its sign-in was renewed.`)
    }
    // Providers may rotate the refresh token; when they do not, the old one stays valid.
    await this.save(owner.secretRef, stored.provider, {
      ...fresh,
      refreshToken: fresh.refreshToken ?? stored.refreshToken
    })
    return fresh.accessToken
  }

  /**
   * After the provider refused a renewal: the tokens another process stored meanwhile, if any.
   * Processes on one data directory with one keychain (web mode and `rapport sync` in a terminal,
   * or two CLI runs) each renew on their own, and may renew with the same refresh token at once;
   * a provider that rotates them (Microsoft) voids it at the first renewal and refuses the second,
   * although the first process has just stored a valid pair.
   */
  private async renewedElsewhere(
    owner: TokenOwner,
    used: StoredTokens,
    error: unknown
  ): Promise<StoredTokens | null> {
    if (!(error instanceof CoreError) || error.code !== 'AUTH_FAILED') return null
    const now = await this.read(owner).catch(() => null)
    if (!now?.refreshToken || now.provider !== used.provider) return null
    return now.refreshToken !== used.refreshToken || now.accessToken !== used.accessToken ? now : null
  }

  private async read(owner: TokenOwner): Promise<StoredTokens> {
    const raw = await this.secrets.get(owner.secretRef)
    if (raw === null) {
      throw new CoreError(
        'SECRET_MISSING',
        `The sign-in for ${owner.email} is not available: this machine has no system keychain, so it was kept in memory only. Sign in again.`,
        'password'
      )
    }
    try {
      const parsed = JSON.parse(raw) as StoredTokens
      if (parsed.kind === 'oauth2' && typeof parsed.accessToken === 'string') return parsed
    } catch {
      // fall through: not a token record
    }
    throw new CoreError(
      'AUTH_FAILED',
      `The stored sign-in for ${owner.email} is unreadable. Sign in again.`,
      'password'
    )
  }
}
