// Messages a sync fetched but could not store. The count alone says mail is missing; opened, the
// list says which (subject, sender, folder) and why, so the user can read them in another app
// meanwhile, or report the reason.
import { useTranslation } from 'react-i18next'
import type { UnstoredMessage } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useRapportEvent } from '../../api/use-rapport-event'
import { formatTime } from '../../i18n/format'
import { useToday } from '../../i18n/use-today'

export function UnstoredMessages({ count }: { count: number }) {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  const list = useQuery('sync.unstored', count > 0 ? {} : null, ['folders'])
  // Messages are set aside, and stored at last, by passes and backfill batches.
  useRapportEvent('sync.state', list.reload)
  useRapportEvent('sync.backfill', list.reload)
  if (count === 0) return null

  const title = (m: UnstoredMessage) =>
    m.subject === null ? t('sync.unstoredUnknown', { uid: m.uid }) : m.subject || t('sync.unstoredNoSubject')
  const where = (m: UnstoredMessage) => {
    const time = formatTime(m.failedAt, i18n.language)
    return m.sender
      ? t('sync.unstoredFrom', { sender: m.sender, folder: m.folder, time })
      : t('sync.unstoredIn', { folder: m.folder, time })
  }

  return (
    <details className="unstored-messages" data-testid="sync-unstored">
      <summary className="sync-status__error">{t('sync.unstored', { count })}</summary>
      <p className="failed-changes__meta">{t('sync.unstoredHelp')}</p>
      <ul className="failed-changes__list">
        {(list.data ?? []).map((m) => (
          <li
            key={`${m.accountId}/${m.folder}/${m.uid}`}
            className="failed-changes__item"
            data-testid="unstored-message"
          >
            <span className="failed-changes__what">{title(m)}</span>
            <span className="failed-changes__meta">{where(m)}</span>
            <span className="failed-changes__meta">{t('sync.unstoredReason', { reason: m.reason })}</span>
          </li>
        ))}
      </ul>
    </details>
  )
}
