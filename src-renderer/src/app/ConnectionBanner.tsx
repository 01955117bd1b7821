import { useTranslation } from 'react-i18next'
import { isDesktop, reconnect, type ConnectionState } from '../api/rapport-client'
import { Notice } from '../components/Notice'

/**
 * Web mode: the WebSocket to the core dropped. The desktop app: the core's process died, and is
 * being started again ('reconnecting') or was left stopped after dying again and again ('lost').
 */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const { t } = useTranslation()
  if (state !== 'lost' && state !== 'reconnecting') return null
  const retrying = state === 'reconnecting'
  if (isDesktop()) {
    return (
      <Notice
        tone="error"
        testId="core-stopped"
        actions={
          retrying ? null : (
            <button type="button" className="button button--small" onClick={reconnect}>
              {t('connection.coreTryAgain')}
            </button>
          )
        }
      >
        {retrying ? t('connection.coreRestarting') : t('connection.coreStopped')}
      </Notice>
    )
  }
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
