import type { OAuthProvider } from '../../../src-preload/contract/provider-commands'
import { OAUTH_ENDPOINTS, type OAuthEndpoints } from '../providers/provider-table'

export type OAuthClient = {
  clientId: string
  /** Google issues "secrets" even to desktop apps; they are not secret there, but its token endpoint wants one. */
  clientSecret?: string
}

export type OAuthConfig = {
  /** Client ids per provider from the host (env variables); they win over the workspace settings. */
  clients?: Partial<Record<OAuthProvider, OAuthClient>>
  /** Endpoint overrides: tests point these at a local fake authorization server. */
  endpoints?: Partial<Record<OAuthProvider, Partial<OAuthEndpoints>>>
  /**
   * Opens the authorization URL for the user: the app uses the system browser, the CLI prints it.
   * Web mode leaves it to the page (the URL is also returned by accounts.oauthStart).
   */
  openUrl?: (url: string) => void | Promise<void>
}

/**
 * Client ids (and, for a test or a private deployment, endpoints) from the environment, for
 * every host: RAPPORT_GOOGLE_CLIENT_ID, RAPPORT_GOOGLE_CLIENT_SECRET, RAPPORT_GOOGLE_AUTHORIZATION_URL,
 * RAPPORT_GOOGLE_TOKEN_URL, and the same with MICROSOFT.
 */
export function oauthConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env
): Pick<OAuthConfig, 'clients' | 'endpoints'> {
  const clients: NonNullable<OAuthConfig['clients']> = {}
  const endpoints: NonNullable<OAuthConfig['endpoints']> = {}
  for (const provider of ['google', 'microsoft'] as const) {
    const prefix = `RAPPORT_${provider.toUpperCase()}_`
    const read = (name: string): string | undefined => env[prefix + name]?.trim() || undefined
    const clientId = read('CLIENT_ID')
    const clientSecret = read('CLIENT_SECRET')
    if (clientId) clients[provider] = { clientId, ...(clientSecret ? { clientSecret } : {}) }
    const authorizationUrl = read('AUTHORIZATION_URL')
    const tokenUrl = read('TOKEN_URL')
    if (authorizationUrl || tokenUrl) {
      endpoints[provider] = {
        ...(authorizationUrl ? { authorizationUrl } : {}),
        ...(tokenUrl ? { tokenUrl } : {})
      }
    }
  }
  return { clients, endpoints }
}

/** The endpoints for a provider: the table's, with any override applied. */
export function endpointsFor(config: OAuthConfig, provider: OAuthProvider): OAuthEndpoints {
  return { ...OAUTH_ENDPOINTS[provider], ...config.endpoints?.[provider] }
}
