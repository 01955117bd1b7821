// Disconnect a mailbox, keeping its mail as a read-only archive or deleting it locally. A second
// step names the mailbox and the consequence before anything happens.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'

type Mode = 'archive' | 'delete'

export function DisconnectSection({
  account,
  onDisconnected
}: {
  account: Account
  onDisconnected: () => void
}) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const archived = account.state === 'archived'
  const [mode, setMode] = useState<Mode>(archived ? 'delete' : 'archive')
  const [confirming, setConfirming] = useState(false)
  const disconnect = useMutation('accounts.disconnect')
  // The button pressed goes away with the step it belongs to: focus follows to the other step
  // (Cancel, the harmless choice, in the confirmation), not to <body>.
  const startRef = useRef<HTMLButtonElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const stepped = useRef(false)
  useEffect(() => {
    if (!stepped.current) return
    stepped.current = false
    ;(confirming ? cancelRef : startRef).current?.focus()
  }, [confirming])
  const step = (next: boolean) => {
    stepped.current = true
    setConfirming(next)
  }

  const confirm = async () => {
    const response = await disconnect.run({ accountId: account.id, mode })
    if (response.ok) onDisconnected()
  }

  return (
    <fieldset className="account-settings__section account-settings__danger" data-testid="disconnect">
      <legend>{t('accountSettings.disconnect.legend')}</legend>
      {(['archive', 'delete'] as const).map((option) => (
        <div key={option} className="account-settings__choice">
          <label className="account-settings__check">
            <input
              type="radio"
              name={`disconnect-${account.id}`}
              value={option}
              checked={mode === option}
              disabled={(option === 'archive' && archived) || disconnect.pending}
              data-testid={`disconnect-${option}`}
              onChange={() => {
                setMode(option)
                setConfirming(false)
              }}
            />
            {t(`accountSettings.disconnect.${option}`)}
          </label>
          <p className="account-settings__hint">{t(`accountSettings.disconnect.${option}Hint`)}</p>
        </div>
      ))}
      {confirming ? (
        <div className="account-settings__confirm" role="alert" data-testid="disconnect-confirmation">
          <p>
            {t(
              mode === 'archive'
                ? 'accountSettings.disconnect.confirmArchive'
                : 'accountSettings.disconnect.confirmDelete',
              {
                account: account.email
              }
            )}
          </p>
          <div className="account-settings__actions">
            <button
              type="button"
              className="button button--danger"
              disabled={disconnect.pending}
              data-testid="disconnect-confirm"
              onClick={() => void confirm()}
            >
              {disconnect.pending
                ? t('accountSettings.disconnect.working')
                : t('accountSettings.disconnect.confirm')}
            </button>
            <button
              ref={cancelRef}
              type="button"
              className="button"
              disabled={disconnect.pending}
              data-testid="disconnect-cancel"
              onClick={() => step(false)}
            >
              {t('accountSettings.disconnect.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={startRef}
          type="button"
          className="button"
          data-testid="disconnect-start"
          onClick={() => step(true)}
        >
          {t('accountSettings.disconnect.start')}
        </button>
      )}
      {disconnect.error ? (
        <p className="account-settings__error" role="alert">
          {describeError(disconnect.error)}
        </p>
      ) : null}
    </fieldset>
  )
}
