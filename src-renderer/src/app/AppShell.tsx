// The three panes: sidebar (accounts, sync status, version), thread list, reading pane.
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../src-preload/contract'
import { NewMessageDialog } from '../features/composer/NewMessageDialog'
import { InboxPane } from '../features/inbox/InboxPane'
import { SyncStatus } from '../features/sync-status/SyncStatus'
import { ThreadPane } from '../features/thread/ThreadPane'
import { useUiStore } from '../store/ui-store'

type Props = { accounts: Account[]; version: string | null }

export function AppShell({ accounts, version }: Props) {
  const { t } = useTranslation()
  const composerOpen = useUiStore((state) => state.composerOpen)
  // While the composer is open the panes are inert, so Tab cannot wander behind the dialog.
  return (
    <>
      <div className="shell" inert={composerOpen}>
        <aside className="sidebar" aria-label={t('sidebar.label')}>
          <div className="sidebar__brand">{t('app.name')}</div>
          <ul className="sidebar__accounts" aria-label={t('sidebar.accounts')}>
            {accounts.map((account) => (
              <li key={account.id} className="sidebar__account" data-testid="account">
                <span className="sidebar__account-name">{account.displayName || account.email}</span>
                {account.displayName ? <span className="sidebar__account-email">{account.email}</span> : null}
              </li>
            ))}
          </ul>
          <SyncStatus />
          <footer className="sidebar__footer">{version ? t('app.version', { version }) : null}</footer>
        </aside>
        <InboxPane />
        <ThreadPane />
      </div>
      {composerOpen ? <NewMessageDialog accounts={accounts} /> : null}
    </>
  )
}
