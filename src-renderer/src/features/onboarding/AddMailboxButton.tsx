// "Add mailbox" under the sidebar's accounts: the onboarding form in a modal dialog, so a second
// mailbox (work and personal, sales@ beside one's own) can be added from the app, not only from
// the command line.
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import '../../components/crm-components.css'
import './add-mailbox-button.css'

// Loaded when first opened: the first inbox frame only shows the button.
const AddMailboxDialog = lazy(() =>
  import('./AddMailboxDialog').then((m) => ({ default: m.AddMailboxDialog }))
)

export function AddMailboxButton() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="link-button add-mailbox-button"
        data-testid="add-mailbox-open"
        onClick={() => setOpen(true)}
      >
        {t('sidebar.addMailbox')}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <AddMailboxDialog onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  )
}
