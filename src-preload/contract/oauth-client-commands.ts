import { z } from 'zod'
import { Empty } from './mail-shapes'
import { OAuthProvider } from './provider-commands'

// Commands for the OAuth2 client ids that "Sign in with Google / Microsoft" needs. The host's
// environment (RAPPORT_GOOGLE_CLIENT_ID …) wins; otherwise the workspace's own settings apply,
// which a desktop user sets in Settings because setting environment variables is not practical.

/**
 * A client id or secret as a provider issues it: 1–500 printable characters without spaces.
 * Pasted text is trimmed first, since a copied value often carries a trailing newline.
 */
export const OAuthClientCredential = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^[^\s\p{C}]+$/u, 'Use only printable characters, without spaces.')

/** Where a provider's client id comes from: the host's environment variables, or Settings. */
export const OAuthClientSource = z.enum(['environment', 'settings'])
export type OAuthClientSource = z.infer<typeof OAuthClientSource>

/** A provider's client, as a UI may see it: the secret itself never leaves the core. */
export const OAuthClientStatus = z.object({
  provider: OAuthProvider,
  clientId: z.string().nullable(),
  /** Whether a client secret goes with the client id (Google wants one even for desktop apps). */
  hasSecret: z.boolean(),
  /**
   * A secret was saved, but this computer has no keychain to keep it in, and Rapport has restarted
   * since: it is gone, and sign-in will refuse to start until it is entered again.
   */
  secretLost: z.boolean(),
  /** null when no client id is configured; 'environment' ones are read-only in the app. */
  source: OAuthClientSource.nullable()
})
export type OAuthClientStatus = z.infer<typeof OAuthClientStatus>

export const oauthClientCommands = {
  /** The client of each provider, environment before settings, as sign-in will use it. */
  'oauth.clients': { input: Empty, output: z.array(OAuthClientStatus) },
  /**
   * Saves a provider's client in the workspace settings; the secret goes to the secret store
   * (keychain), never SQLite. A null client id clears the client, its secret included. Without
   * clientSecret the saved secret stays; null removes it. Refused while the environment sets
   * that provider's client id, since the environment would win anyway.
   */
  'oauth.setClient': {
    input: z
      .object({
        provider: OAuthProvider,
        clientId: OAuthClientCredential.nullable(),
        clientSecret: OAuthClientCredential.nullable().optional()
      })
      .strict(),
    output: OAuthClientStatus
  }
} as const
