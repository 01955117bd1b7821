import { useTranslation } from 'react-i18next'
import { reconnect, type ConnectionState } from '../api/rapport-client'
import { Notice } from '../components/Notice'

/** Web mode only: the WebSocket to the core can drop; Electron's port cannot. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const { t } = useTranslation()
  if (state !== 'lost' && state !== 'reconnecting') return null
  const retrying = state === 'reconnecting'
  return (
    <Notice
      tone="error"
      testId="connection-lost"
      actions={
        <button type="button" className="button button--small" onClick={reconnect} disabled={retrying}>
          {retrying ? t('connection.reconnecting') : t('connection.reconnect')}
        </button>
      }
    >
      {t('connection.lost')}
    </Notice>
  )
}
