import type { Core } from '../core'
import { detectProvider } from '../providers/detect-provider'
import type { Handlers } from './handlers'

type ProviderHandlers = Pick<
  Handlers,
  | 'accounts.detect'
  | 'accounts.oauthStart'
  | 'accounts.oauthFinish'
  | 'accounts.oauthCancel'
  | 'oauth.clients'
  | 'oauth.setClient'
>

/** Account set-up: server detection from the address, OAuth2 sign-in and its client ids. */
export function createProviderHandlers(core: Core): ProviderHandlers {
  const ws = () => core.workspace
  return {
    'accounts.detect': ({ email }) => detectProvider(email, core.detectDeps),
    'accounts.oauthStart': (input) => ws().oauthFlows.start(input),
    'accounts.oauthFinish': async (input) => {
      // Taken once: the browser sign-in may take minutes, the sample data opened meanwhile.
      const workspace = ws()
      const { account, added } = await workspace.oauthFlows.finish(input)
      if (added) workspace.crm.channelAdded(account.id, account.email)
      core.events.emit('changed', { tables: ['accounts'], ids: [account.id] })
      await workspace.resumeAccount(account.id)
      return account
    },
    'accounts.oauthCancel': ({ flowId }) => ({ cancelled: ws().oauthFlows.cancel(flowId) }),
    'oauth.clients': () => ws().oauthClients.list(),
    'oauth.setClient': async (input) => {
      const client = await ws().oauthClients.set(input)
      core.events.emit('changed', { tables: ['settings'], ids: [] })
      return client
    }
  }
}
