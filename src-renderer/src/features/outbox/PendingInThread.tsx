// Replies of this conversation that are still in the outbox (in the undo window, sent later,
// waiting for a connection, or failed), at the end of the thread with their state until sent.
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { formatTime } from '../../i18n/format'
import { useToday } from '../../i18n/use-today'
import { useOutboxReason } from './outbox-reason'
import { OutboxRecipients } from './OutboxRecipients'
import './outbox.css'

const OUTBOX_TABLES = ['outbox']

export function PendingInThread({ threadId }: { threadId: number }) {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  const reasonOf = useOutboxReason()
  const outbox = useQuery('outbox.list', {}, OUTBOX_TABLES)
  const pending = (outbox.data ?? []).filter((item) => item.threadId === threadId && item.state !== 'sent')
  if (pending.length === 0) return null

  const marker = (item: OutboxItem): string => {
    const state =
      item.state === 'scheduled'
        ? t('outbox.state.scheduled', { time: formatTime(item.sendAt, i18n.language) })
        : t(`outbox.state.${item.state}`)
    // Why, where it happened: the server's own words, or Rapport's reason in the user's language.
    const reason = item.state === 'failed' || item.state === 'queued' ? reasonOf(item) : null
    return reason ? t('outbox.inThread.withReason', { state, reason }) : state
  }

  return (
    <ul className="pending-in-thread" aria-label={t('outbox.inThread.label')} data-testid="thread-outbox">
      {pending.map((item) => (
        <li
          key={item.id}
          className={`pending-in-thread__item pending-in-thread__item--${item.state}`}
          data-testid="thread-outbox-item"
          data-state={item.state}
        >
          <OutboxRecipients item={item} className="pending-in-thread__to" />
          <span
            className="pending-in-thread__marker"
            role={item.state === 'failed' ? 'alert' : undefined}
            data-testid="thread-outbox-marker"
          >
            {marker(item)}
          </span>
        </li>
      ))}
    </ul>
  )
}
