// The per-account entry in the sidebar: a button that opens that mailbox's settings.
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import type { ServerCheck } from './server-check'
import { ServerCheckStatus } from './ServerCheckStatus'
import './account-settings.css'

// Loaded when first opened: the first inbox frame only shows the button.
const AccountSettingsDialog = lazy(() =>
  import('./AccountSettingsDialog').then((m) => ({ default: m.AccountSettingsDialog }))
)

export function AccountSettingsButton({ account }: { account: Account }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  // Kept here, not in the dialog: a check outlives a dialog closed while it runs.
  const [check, setCheck] = useState<ServerCheck | null>(null)
  return (
    <>
      <button
        type="button"
        className="account-settings-button"
        data-testid="account-settings-open"
        aria-label={t('accountSettings.open', { account: account.email })}
        onClick={() => {
          setCheck(null)
          setOpen(true)
        }}
      >
        {t('accountSettings.button')}
      </button>
      {!open && check ? <ServerCheckStatus check={check} onDismiss={() => setCheck(null)} /> : null}
      {open ? (
        <Suspense fallback={null}>
          <AccountSettingsDialog account={account} onClose={() => setOpen(false)} onServerCheck={setCheck} />
        </Suspense>
      ) : null}
    </>
  )
}
