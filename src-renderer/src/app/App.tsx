// Decides what the window shows: onboarding when there is no account, otherwise the mail
// layout; app-level notices (connection, sample data, keychain) sit above either.
import { useTranslation } from 'react-i18next'
import { useConnectionState } from '../api/use-connection'
import { useQuery } from '../api/use-query'
import { useRapportEvent } from '../api/use-rapport-event'
import { WorkspaceNotices } from '../features/workspace/WorkspaceNotices'
import { useErrorMessage } from '../i18n/error-message'
import { useCrmStore } from '../store/crm-store'
import { useUiStore } from '../store/ui-store'
import { useSearchStore } from '../features/search/search-store'
import { AppShell } from './AppShell'
import { ConnectionBanner } from './ConnectionBanner'
import { LazyOnboardingPage, LazySettingsDialog } from './lazy-features'
import './app.css'

export function App() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const connection = useConnectionState()
  const info = useQuery('app.info', {}, [])
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  const resetSelection = useUiStore((state) => state.resetSelection)
  const settingsOpen = useCrmStore((state) => state.panel === 'settings')
  const resetSearch = useSearchStore((state) => state.reset)
  useRapportEvent('workspace.switched', () => {
    resetSelection()
    // A search typed over the sample data is not one of the real mail (nor the other way).
    resetSearch()
  })

  if (connection === 'no-token') {
    return (
      <div className="app app--centered">
        <div className="app__message" role="alert">
          <h1>{t('connection.noTokenTitle')}</h1>
          <p>{t('connection.noTokenBody')}</p>
        </div>
      </div>
    )
  }

  let body
  if (accounts.data === undefined) {
    body = (
      <div className="app__message" role={accounts.error ? 'alert' : 'status'}>
        {accounts.error ? describeError(accounts.error) : t('app.loading')}
      </div>
    )
  } else if (accounts.data.length === 0) {
    // Settings opens over onboarding too: signing in with Google needs a client id given there.
    body = (
      <>
        <LazyOnboardingPage onAccountAdded={accounts.reload} inert={settingsOpen} />
        {settingsOpen ? <LazySettingsDialog /> : null}
      </>
    )
  } else {
    body = <AppShell accounts={accounts.data} version={info.data?.version ?? null} />
  }

  return (
    <div className="app">
      <ConnectionBanner state={connection} />
      <WorkspaceNotices info={info.data ?? null} />
      <div className="app__body">{body}</div>
    </div>
  )
}
