// The per-account entry in the sidebar: a button that opens that mailbox's settings.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import { AccountSettingsDialog } from './AccountSettingsDialog'
import './account-settings.css'

export function AccountSettingsButton({ account }: { account: Account }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="account-settings-button"
        data-testid="account-settings-open"
        aria-label={t('accountSettings.open', { account: account.email })}
        onClick={() => setOpen(true)}
      >
        {t('accountSettings.button')}
      </button>
      {open ? <AccountSettingsDialog account={account} onClose={() => setOpen(false)} /> : null}
    </>
  )
}
