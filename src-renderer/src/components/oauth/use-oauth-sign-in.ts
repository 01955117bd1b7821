// OAuth2 sign-in (add an account, or sign one in again): the core starts a loopback listener and
// opens the provider's page (system browser in the app); the UI waits for the browser to come back.
import { useState } from 'react'
import type { ApiError, CommandInput, OAuthProvider } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'

export type OAuthSignInState =
  { phase: 'idle' } | { phase: 'waiting'; flowId: string; url: string } | { phase: 'failed'; error: ApiError }

type Servers = Pick<CommandInput<'accounts.oauthFinish'>, 'displayName' | 'imap' | 'smtp' | 'importLimit'>

export function useOAuthSignIn(onDone: () => void) {
  const [state, setState] = useState<OAuthSignInState>({ phase: 'idle' })

  /** With an accountId, signs that account in again instead of adding one. */
  const start = async (email: string, provider: OAuthProvider, servers: Servers, accountId?: number) => {
    const started = await callCommand('accounts.oauthStart', { email, provider, accountId })
    if (!started.ok) return setState({ phase: 'failed', error: started.error })
    const { flowId, authorizationUrl } = started.value
    setState({ phase: 'waiting', flowId, url: authorizationUrl })
    const finished = await callCommand('accounts.oauthFinish', { flowId, ...servers })
    if (!finished.ok) {
      // A cancel ends the wait with NOT_FOUND or a cancelled sign-in: back to the form quietly.
      setState((current) =>
        current.phase === 'waiting' && current.flowId === flowId
          ? { phase: 'failed', error: finished.error }
          : current
      )
      return
    }
    setState({ phase: 'idle' })
    // The import runs in the background, as after a password sign-in.
    void callCommand('sync.run', { accountId: finished.value.id })
    onDone()
  }

  const cancel = () => {
    if (state.phase !== 'waiting') return
    void callCommand('accounts.oauthCancel', { flowId: state.flowId })
    setState({ phase: 'idle' })
  }

  return { state, start, cancel }
}
