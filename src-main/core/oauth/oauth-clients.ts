import { randomUUID } from 'node:crypto'
import {
  OAuthProvider,
  type OAuthClientSource,
  type OAuthClientStatus,
  type ParsedCommandInput
} from '../../../src-preload/contract'
import { CoreError } from '../errors'
import type { SecretStore } from '../secrets/secret-store'
import type { OAuthClient, OAuthConfig } from './oauth-config'
import type { OAuthClientSettings } from './oauth-settings'

const providerName = (provider: OAuthProvider): string => (provider === 'google' ? 'Google' : 'Microsoft')
const envName = (provider: OAuthProvider): string => `RAPPORT_${provider.toUpperCase()}_CLIENT_ID`

/**
 * The OAuth2 client each provider signs in with. The host's configuration (environment variables)
 * wins, whole: its id never pairs with a secret saved for another id. Otherwise the workspace's
 * settings apply, with the secret read from the secret store; it is never handed to a UI.
 */
export class OAuthClients {
  constructor(
    private readonly config: OAuthConfig,
    private readonly settings: OAuthClientSettings,
    private readonly secrets: SecretStore
  ) {}

  list(): Promise<OAuthClientStatus[]> {
    return Promise.all(OAuthProvider.options.map((provider) => this.status(provider)))
  }

  async status(provider: OAuthProvider): Promise<OAuthClientStatus> {
    const current = await this.current(provider)
    return {
      provider,
      clientId: current?.client.clientId ?? null,
      hasSecret: !!current?.client.clientSecret,
      secretLost: current?.secretLost ?? false,
      source: current?.source ?? null
    }
  }

  /** The client a sign-in or a token refresh uses; without one, says how to set it. */
  async resolve(provider: OAuthProvider): Promise<OAuthClient> {
    const current = await this.current(provider)
    // Without its secret, Google would refuse the sign-in with a bare "invalid_client".
    if (current?.secretLost) {
      throw new CoreError(
        'OAUTH_CLIENT_SECRET_MISSING',
        `${providerName(provider)}'s client secret was kept in memory only (this computer has no system ` +
          'keychain) and is gone since Rapport restarted. Enter it again in Settings (Sign-in with Google ' +
          'and Microsoft), then sign in.',
        'email'
      )
    }
    if (current) return current.client
    throw new CoreError(
      'INVALID_INPUT',
      `No OAuth client id is configured for ${providerName(provider)}. Register Rapport as a desktop app ` +
        `with the provider and enter its client id in Settings (Sign-in with Google and Microsoft), ` +
        `or set ${envName(provider)}; or sign in with an app password instead.`,
      'email'
    )
  }

  async set(input: ParsedCommandInput<'oauth.setClient'>): Promise<OAuthClientStatus> {
    const { provider, clientId, clientSecret } = input
    if (this.config.clients?.[provider]) {
      // Saving would change nothing the user could see work: the environment wins.
      throw new CoreError(
        'INVALID_INPUT',
        `${providerName(provider)}'s client id is set by the environment (${envName(provider)}), ` +
          'which wins over Settings. Change it there.',
        'clientId'
      )
    }
    if (clientId === null && clientSecret) {
      throw new CoreError('INVALID_INPUT', 'A client secret needs its client id.', 'clientSecret')
    }
    const saved = this.settings.read(provider)
    // A secret belongs to its client id: clearing the id clears the secret too.
    const dropSecret = clientId === null || clientSecret === null
    let secretRef = dropSecret ? null : saved.secretRef
    if (clientSecret) {
      // The secret is stored before the rows that point to it, so no row names a missing key.
      secretRef = saved.secretRef ?? `oauth-client:${provider}:${randomUUID()}`
      await this.secrets.set(secretRef, clientSecret)
    }
    this.settings.write(provider, { clientId, secretRef })
    if (dropSecret && saved.secretRef) await this.secrets.delete(saved.secretRef)
    return this.status(provider)
  }

  private async current(
    provider: OAuthProvider
  ): Promise<{ client: OAuthClient; source: OAuthClientSource; secretLost: boolean } | null> {
    const host = this.config.clients?.[provider]
    if (host) return { client: host, source: 'environment', secretLost: false }
    const { clientId, secretRef } = this.settings.read(provider)
    if (!clientId) return null
    // Without a keychain the secret is kept in memory only: after a restart it is simply absent.
    const clientSecret = secretRef ? await this.secrets.get(secretRef) : null
    return {
      client: { clientId, ...(clientSecret ? { clientSecret } : {}) },
      source: 'settings',
      secretLost: secretRef !== null && clientSecret === null
    }
  }
}
