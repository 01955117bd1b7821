// Beside a mailbox's settings button, once its dialog is closed: a server check still running,
// or how it ended. Dismissed by the user, or by opening the settings again.
import { useTranslation } from 'react-i18next'
import { Spinner } from '../../components/Spinner'
import { useErrorMessage } from '../../i18n/error-message'
import type { ServerCheck } from './server-check'

export function ServerCheckStatus({ check, onDismiss }: { check: ServerCheck; onDismiss: () => void }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  if (check.state === 'checking')
    return (
      <p className="server-check" role="status" data-testid="server-check" data-state="checking">
        <Spinner /> {t('accountSettings.servers.checkingClosed')}
      </p>
    )
  // Closed, there is no field to point at: the whole refusal, not "this value is not valid".
  const reason =
    check.state === 'failed'
      ? check.error.code === 'INVALID_INPUT'
        ? t('errors.INVALID_INPUT')
        : describeError(check.error)
      : null
  return (
    <p
      className={`server-check server-check--${check.state}`}
      role={check.state === 'failed' ? 'alert' : 'status'}
      data-testid="server-check"
      data-state={check.state}
    >
      {reason === null
        ? t('accountSettings.servers.savedClosed')
        : t('accountSettings.servers.notSavedClosed', { reason })}{' '}
      <button type="button" className="button button--small" onClick={onDismiss}>
        {t('accountSettings.servers.dismiss')}
      </button>
    </p>
  )
}
