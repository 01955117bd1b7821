// `rapport oauth clients` and `rapport oauth set-client`: the OAuth client ids (and Google's
// client secret) that sign-in uses, as the app's Settings set them.
import type { OAuthClientStatus } from '../../src-preload/contract'
import type { Core } from '../core/core'
import { printJson, printRows, unwrap, UsageError } from './cli-output'
import { secretFromEnv, str, type CliValues } from './cli-values'

const COLUMNS = ['provider', 'clientId', 'hasSecret', 'source']

export async function oauthClientsCommand(core: Core, json: boolean): Promise<void> {
  const clients = unwrap(await core.dispatch('oauth.clients', {})) as OAuthClientStatus[]
  if (json) printJson(clients)
  else printRows(clients, COLUMNS)
}

export async function setOAuthClientCommand(core: Core, values: CliValues, json: boolean): Promise<void> {
  const provider = str(values, 'provider')
  if (provider !== 'google' && provider !== 'microsoft')
    throw new UsageError('--provider must be google or microsoft.')
  const clientId = str(values, 'client-id')
  if (!clientId) throw new UsageError('Missing --client-id.')
  const clientSecret = secretFromEnv(values, 'secret-env')
  // Without a keychain the secret would vanish when this process exits, leaving a client that
  // every later sign-in refuses to use.
  if (clientSecret && core.secrets.warning)
    throw new UsageError(
      `This computer has no system keychain, so the secret cannot be kept. Set RAPPORT_${provider.toUpperCase()}_CLIENT_ID ` +
        `and RAPPORT_${provider.toUpperCase()}_CLIENT_SECRET in the environment of each run instead.`
    )
  const status = unwrap(
    await core.dispatch('oauth.setClient', {
      provider,
      clientId,
      ...(clientSecret ? { clientSecret } : {})
    })
  ) as OAuthClientStatus
  if (json) printJson(status)
  else printRows([status], COLUMNS)
}
