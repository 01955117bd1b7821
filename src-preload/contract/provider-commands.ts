import { z } from 'zod'
import { Account, Id, ImportLimit, MailboxAddress, MAX_EMAIL, ServerSettings } from './mail-shapes'

// Commands for setting an account up: server detection from the address, and OAuth2 sign-in.

export const DetectionSource = z.enum(['table', 'autoconfig', 'srv', 'mx', 'guess', 'none'])
export type DetectionSource = z.infer<typeof DetectionSource>

export const OAuthProvider = z.enum(['google', 'microsoft'])
export type OAuthProvider = z.infer<typeof OAuthProvider>

export const AuthKind = z.enum(['password', 'oauth2'])
export type AuthKind = z.infer<typeof AuthKind>

/** Suggested settings: the user may still edit every field before adding the account. */
export const DetectedSettings = z.object({
  /**
   * Where the settings came from: the built-in table, autoconfig, RFC 6186 SRV, MX, or a guess;
   * 'none' when the domain's SRV records say it has no IMAP server, so nothing is suggested.
   */
  source: DetectionSource,
  providerId: z.string().nullable(),
  providerName: z.string().nullable(),
  user: z.string(),
  /** Null only with source 'none': the servers are left for the user to type. */
  imap: ServerSettings.nullable(),
  smtp: ServerSettings.nullable(),
  auth: AuthKind,
  /** Set when the provider signs in with OAuth2 (Google, Microsoft). */
  oauthProvider: OAuthProvider.nullable()
})
export type DetectedSettings = z.infer<typeof DetectedSettings>

export const providerCommands = {
  /**
   * Suggests IMAP/SMTP settings for an address; never fails for an unknown domain (it guesses,
   * unless the domain's SRV records say it has no IMAP server: then source 'none', no servers).
   */
  'accounts.detect': {
    input: z.object({ email: z.string().trim().min(3).max(MAX_EMAIL) }).strict(),
    output: DetectedSettings
  },
  /**
   * Starts an OAuth2 sign-in: a loopback listener waits for the browser's redirect, and the core
   * asks its host to open the authorization URL (the app opens the system browser; the CLI prints it).
   * The URL is returned too, for a UI that opens it itself.
   */
  'accounts.oauthStart': {
    input: z
      .object({
        email: MailboxAddress,
        provider: OAuthProvider,
        /** Set to sign an existing account in again. */
        accountId: Id.optional()
      })
      .strict(),
    output: z.object({ flowId: z.string(), authorizationUrl: z.string() })
  },
  /**
   * Waits for the browser's redirect, exchanges the code, checks IMAP and SMTP with the token,
   * keeps the tokens in the secret store, and adds the account (or signs it in again).
   */
  'accounts.oauthFinish': {
    input: z
      .object({
        flowId: z.string().min(1).max(100),
        displayName: z.string().max(200).optional(),
        imap: ServerSettings.optional(),
        smtp: ServerSettings.optional(),
        importLimit: ImportLimit.optional(),
        skipVerify: z.boolean().optional()
      })
      .strict(),
    output: Account
  },
  'accounts.oauthCancel': {
    input: z.object({ flowId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() })
  }
} as const
