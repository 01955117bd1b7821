// One mailbox's settings in a modal <dialog>: personal or shared, poll interval, signature, import depth, its servers, the
// folders it syncs (with "sync older mail"), and disconnecting it. Escape or Close returns focus to the opener.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useModalDialog } from '../../components/use-modal-dialog'
import type { Account } from '../../../../src-preload/contract'
import { SignInAgain } from '../sync-status/SignInAgain'
import { DisconnectSection } from './DisconnectSection'
import { FolderPicker } from './FolderPicker'
import { ImportDepthSection } from './ImportDepthSection'
import { MailboxOptions } from './MailboxOptions'
import { SendCapSection } from './SendCapSection'
import { SignatureSection } from './SignatureSection'
import type { OnServerCheck } from './server-check'
import { ServerSettingsSection } from './ServerSettingsSection'
import { TrashSection } from './TrashSection'

type Props = { account: Account; onClose: () => void; onServerCheck?: OnServerCheck }

export function AccountSettingsDialog({ account, onClose, onServerCheck }: Props) {
  const { t } = useTranslation()
  const ref = useModalDialog()
  const titleId = useId()
  const archived = account.state === 'archived'

  return (
    <dialog
      ref={ref}
      className="account-settings"
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid="account-settings"
    >
      <header className="account-settings__header">
        <h2 id={titleId}>{t('accountSettings.title', { account: account.email })}</h2>
        <button
          type="button"
          className="button button--small"
          onClick={onClose}
          data-testid="account-settings-close"
        >
          {t('accountSettings.close')}
        </button>
      </header>
      {archived ? (
        <div className="account-settings__archived">
          <p role="status" data-testid="account-archived-note">
            {t('accountSettings.archivedNote')}
          </p>
          <SignInAgain accountId={account.id} />
        </div>
      ) : (
        <MailboxOptions account={account} />
      )}
      {account.kind === 'mailbox' && !archived ? <SignatureSection account={account} /> : null}
      {account.kind === 'mailbox' && !archived ? <ImportDepthSection account={account} /> : null}
      {account.kind === 'mailbox' ? (
        <ServerSettingsSection account={account} onCheck={onServerCheck} />
      ) : null}
      <FolderPicker accountId={account.id} readOnly={archived} />
      <TrashSection accountId={account.id} readOnly={archived} />
      <SendCapSection accountId={account.id} readOnly={archived} />
      <DisconnectSection account={account} onDisconnected={onClose} />
    </dialog>
  )
}
