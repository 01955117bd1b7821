import { parseMailDomain } from '../providers/mail-domain'
import { randomUUID } from 'node:crypto'
import type {
  Account,
  CommandInput,
  CommandOutput,
  OAuthProvider,
  ServerSettings
} from '../../../src-preload/contract'
import type { AccountService } from '../accounts/account-service'
import { CoreError } from '../errors'
import { OAUTH_ENDPOINTS, oauthProviderForHost, PROVIDERS, userNameAt } from '../providers/provider-table'
import { startLoopbackRedirect, type LoopbackRedirect } from './loopback-listener'
import { endpointsFor, type OAuthClient } from './oauth-config'
import type { OAuthTokens } from './oauth-tokens'
import { createPkce, randomState } from './pkce'
import { exchangeCode } from './token-client'

type Flow = {
  email: string
  /** Who signs in (the login hint, the XOAUTH2 user): the address without its +tag. */
  user: string
  provider: OAuthProvider
  accountId: number | null
  verifier: string
  client: OAuthClient
  tokenUrl: string
  redirect: LoopbackRedirect
}

/** How long the loopback listener waits for the user to finish in the browser. */
const FLOW_TIMEOUT_MS = 10 * 60_000

/**
 * OAuth2 sign-in with PKCE and a loopback redirect (RFC 8252): start() opens a listener on
 * 127.0.0.1 and hands the authorization URL to the host; finish() waits for the redirect,
 * exchanges the code with the verifier, and adds the account (or signs it in again).
 */
export class OAuthFlows {
  private readonly flows = new Map<string, Flow>()

  constructor(
    private readonly accountService: AccountService,
    private readonly tokens: OAuthTokens
  ) {}

  async start(input: CommandInput<'accounts.oauthStart'>): Promise<CommandOutput<'accounts.oauthStart'>> {
    // ana@gmail。com (typed through an IME) is ana@gmail.com to Google, and is saved so.
    const email = parseMailDomain(input.email).email.toLowerCase()
    // ana+sales@gmail.com is ana@gmail.com's sub-address: Google and Microsoft know (and sign in)
    // the mailbox as ana@gmail.com, while the account keeps the address typed, to send from.
    const user = userNameAt(
      PROVIDERS.find((p) => p.oauth === input.provider)!,
      email
    )
    if (input.accountId !== undefined) this.accountService.assertSignsInWith(input.accountId, input.provider)
    // Before the provider's page: a consent given there for an address Rapport has would be for
    // nothing (finish refuses it), and one kept as an archive is reconnected by signing in to it.
    else this.accountService.assertNew(email)
    const { config, clients } = this.tokens
    const client = await clients.resolve(input.provider)
    const endpoints = endpointsFor(config, input.provider)
    const state = randomState()
    const pkce = createPkce()
    const redirect = await startLoopbackRedirect(state, FLOW_TIMEOUT_MS)
    const url = new URL(endpoints.authorizationUrl)
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: redirect.redirectUri,
      scope: endpoints.scopes.join(' '),
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      login_hint: user,
      // Google gives a refresh token only for offline access, and again only with consent.
      ...(input.provider === 'google' ? { access_type: 'offline', prompt: 'consent' } : {})
    }
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value)

    const flowId = randomUUID()
    this.flows.set(flowId, {
      email,
      user,
      provider: input.provider,
      accountId: input.accountId ?? null,
      verifier: pkce.verifier,
      client,
      tokenUrl: endpoints.tokenUrl,
      redirect
    })
    // A flow the user abandons is forgotten when its listener gives up.
    redirect.code.catch(() => this.flows.delete(flowId))
    try {
      await config.openUrl?.(url.toString())
    } catch {
      // The URL is returned as well; a UI or the user can open it by hand.
    }
    return { flowId, authorizationUrl: url.toString() }
  }

  /** The account, and whether it is new (false when an existing one signed in again). */
  async finish(input: CommandInput<'accounts.oauthFinish'>): Promise<{ account: Account; added: boolean }> {
    const flow = this.flows.get(input.flowId)
    if (!flow) {
      throw new CoreError(
        'NOT_FOUND',
        'This sign-in has ended or was never started. Start the sign-in again.',
        'email'
      )
    }
    const known = PROVIDERS.find((p) => p.oauth === flow.provider)!
    const servers = { imap: input.imap ?? known.imap, smtp: input.smtp ?? known.smtp }
    if (flow.accountId === null) this.refuseForeignServers(input.flowId, flow, servers)
    let code: string
    try {
      code = await flow.redirect.code
    } finally {
      this.flows.delete(input.flowId)
    }
    const tokens = await exchangeCode(flow.tokenUrl, flow.client, {
      code,
      verifier: flow.verifier,
      redirectUri: flow.redirect.redirectUri
    })
    const save = (secretRef: string): Promise<void> => this.tokens.save(secretRef, flow.provider, tokens)
    if (flow.accountId !== null) {
      return {
        account: await this.accountService.reauthorize(
          flow.accountId,
          flow.provider,
          tokens.accessToken,
          save
        ),
        added: false
      }
    }
    const account = await this.accountService.addOAuth(
      {
        email: flow.email,
        oauthProvider: flow.provider,
        displayName: input.displayName,
        user: flow.user,
        ...servers,
        importLimit: input.importLimit,
        skipVerify: input.skipVerify
      },
      tokens.accessToken,
      save
    )
    return { account, added: true }
  }

  /**
   * A token from the provider's own token endpoint grants the whole mailbox: it goes only to the
   * provider's servers, whatever the form (or the autoconfig document behind it) says. Checked
   * before the code is exchanged, so no token is ever issued for them. A token endpoint set in
   * the host's configuration (a test's fake server, a private deployment) issues its own tokens.
   */
  private refuseForeignServers(
    flowId: string,
    flow: Flow,
    servers: Record<'imap' | 'smtp', ServerSettings>
  ): void {
    if (flow.tokenUrl !== OAUTH_ENDPOINTS[flow.provider].tokenUrl) return
    const name = flow.provider === 'google' ? 'Google' : 'Microsoft'
    for (const role of ['imap', 'smtp'] as const) {
      const { host } = servers[role]
      if (oauthProviderForHost(host) === flow.provider) continue
      this.cancel(flowId)
      throw new CoreError(
        'INVALID_INPUT',
        `Signing in with ${name} works only with ${name}'s own servers, and ${host} is not one, so Rapport did not send it your ${name} sign-in. Use ${name}'s ${role.toUpperCase()} server, or choose to sign in with a password for ${host}.`,
        `${role}.host`
      )
    }
  }

  cancel(flowId: string): boolean {
    const flow = this.flows.get(flowId)
    if (!flow) return false
    this.flows.delete(flowId)
    flow.redirect.close()
    return true
  }

  /** Closes every listener (the core is shutting down). */
  close(): void {
    for (const flowId of [...this.flows.keys()]) this.cancel(flowId)
  }
}
