// The three panes: sidebar (inboxes, accounts, sync status, notifications, settings), the
// conversation list, the reading pane; the contact drawer and settings open over them.
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../src-preload/contract'
import { AccountSettingsButton } from '../features/account-settings/AccountSettingsButton'
import { ConversationPane } from '../features/conversations/ConversationPane'
import { InboxSidebar } from '../features/inboxes/InboxSidebar'
import { AddMailboxButton } from '../features/onboarding/AddMailboxButton'
import { NotificationBell } from '../features/notifications/NotificationCenter'
import { OutboxButton, OutboxDialog } from '../features/outbox/OutboxDialog'
import { useOutboxStore } from '../features/outbox/outbox-store'
import { UndoSendToast } from '../features/outbox/UndoSendToast'
import { DiscardedDraftToast } from '../features/drafts/DiscardedDraftToast'
import { useRapportEvent } from '../api/use-rapport-event'
import { useCrmStore } from '../store/crm-store'
import { GlobalSearch } from '../features/search/GlobalSearch'
import { FailedChanges } from '../features/sync-status/FailedChanges'
import { SyncStatus } from '../features/sync-status/SyncStatus'
import { useUiStore } from '../store/ui-store'
import { LazyContactDrawer, LazyNewMessageDialog, LazySettingsDialog, LazyThreadPane } from './lazy-features'
import { useFocusAfterAccountRemoved } from './use-focus-after-account-removed'

type Props = { accounts: Account[]; version: string | null }

export function AppShell({ accounts, version }: Props) {
  const { t } = useTranslation()
  const composerOpen = useUiStore((state) => state.composerOpen)
  // A new message asked for before the kept drafts are in opens once they are: on the kept one.
  const draftsReady = useUiStore((state) => state.draftsReady)
  const settingsOpen = useCrmStore((state) => state.panel === 'settings')
  const outboxOpen = useOutboxStore((state) => state.outboxOpen)
  const accountList = useRef<HTMLUListElement>(null)
  useFocusAfterAccountRemoved(accounts, accountList)
  const setPanel = useCrmStore((state) => state.setPanel)
  const resetCrm = useCrmStore((state) => state.reset)
  useRapportEvent('workspace.switched', resetCrm)
  // While the composer is open the panes and the search bar are inert, so Tab cannot wander
  // behind the dialog (where an Escape in the search box closed the dialog with the panel).
  const modalOpen = composerOpen || settingsOpen || outboxOpen
  return (
    <>
      <GlobalSearch inert={modalOpen} />
      <div className="shell" inert={modalOpen}>
        <aside className="sidebar" aria-label={t('sidebar.label')}>
          <div className="sidebar__brand">{t('app.name')}</div>
          <InboxSidebar />
          <ul className="sidebar__accounts" aria-label={t('sidebar.accounts')} ref={accountList}>
            {accounts.map((account) => (
              <li key={account.id} className="sidebar__account" data-testid="account">
                <span className="sidebar__account-name">{account.displayName || account.email}</span>
                {account.displayName ? <span className="sidebar__account-email">{account.email}</span> : null}
                {account.state === 'archived' ? (
                  <span className="sidebar__account-badge">{t('accountSettings.archivedBadge')}</span>
                ) : null}
                <AccountSettingsButton account={account} />
              </li>
            ))}
          </ul>
          {/* Not in sample data: a mailbox added there would go with the sample, which is made
              afresh each time it opens (its banner's way out leads to adding one for real). */}
          {accounts.some((account) => account.kind === 'sample') ? null : <AddMailboxButton />}
          <SyncStatus />
          <FailedChanges />
          <div className="sidebar__tools">
            <NotificationBell />
            <OutboxButton />
            <button
              type="button"
              className="sidebar__tool"
              data-testid="settings-open"
              onClick={() => setPanel('settings')}
            >
              {t('crm.settings.title')}
            </button>
          </div>
          <footer className="sidebar__footer">{version ? t('app.version', { version }) : null}</footer>
        </aside>
        <ConversationPane accounts={accounts} />
        <LazyThreadPane />
        <LazyContactDrawer />
      </div>
      {settingsOpen ? <LazySettingsDialog /> : null}
      {composerOpen && draftsReady ? <LazyNewMessageDialog accounts={accounts} /> : null}
      {outboxOpen ? <OutboxDialog /> : null}
      <UndoSendToast />
      <DiscardedDraftToast />
    </>
  )
}
