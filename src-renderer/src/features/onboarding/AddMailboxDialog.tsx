// The add-account form of onboarding in a modal <dialog>, for a mailbox beside those already
// added. Escape or Close returns focus to the opener; adding closes it (the sidebar's account
// list re-queries on the core's `changed` event, and the new mailbox's import runs meanwhile).
import { useTranslation } from 'react-i18next'
import { useModalDialog } from '../../components/use-modal-dialog'
import { AccountForm } from './AccountForm'
import './onboarding.css'
import './add-mailbox-dialog.css'

export function AddMailboxDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const ref = useModalDialog()

  return (
    <dialog
      ref={ref}
      className="add-mailbox"
      aria-label={t('sidebar.addMailbox')}
      onClose={onClose}
      data-testid="add-mailbox"
    >
      <button type="button" className="button button--small add-mailbox__close" onClick={onClose}>
        {t('sidebar.addMailboxClose')}
      </button>
      <AccountForm onAdded={onClose} />
    </dialog>
  )
}
