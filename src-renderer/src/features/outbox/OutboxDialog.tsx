// The Outbox: messages waiting to be sent (scheduled, queued for a connection, failed) with the
// server's own words about a failure, Retry and Delete, and the undo-send delay. Sent mail whose
// copy the server would not keep in Sent is listed too, to save the copy again or let it go.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useFocusBack } from '../../components/use-focus-back'
import { useQuery } from '../../api/use-query'
import { formatFullDate } from '../../i18n/format'
import { useErrorMessage } from '../../i18n/error-message'
import { useOutboxReason } from './outbox-reason'
import { OutboxRecipients } from './OutboxRecipients'
import { useOutboxStore } from './outbox-store'
import { isComposing } from '../../components/composing'
import './outbox.css'

const UNDO_DELAYS = [5, 10, 20, 30, 60]

export function OutboxButton() {
  const { t } = useTranslation()
  const setOpen = useOutboxStore((state) => state.setOutboxOpen)
  const { data } = useQuery('outbox.list', {}, ['outbox'])
  const count = data?.length ?? 0
  const failed = data?.some((item) => item.state === 'failed' || item.sentCopyError !== null) ?? false
  return (
    <button
      type="button"
      className={`sidebar__tool ${failed ? 'outbox-button--failed' : ''}`}
      data-testid="outbox-open"
      onClick={() => setOpen(true)}
    >
      {count > 0 ? t('outbox.openCount', { count }) : t('outbox.title')}
    </button>
  )
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const { t, i18n } = useTranslation()
  const reasonOf = useOutboxReason()
  // Sent, but without its copy in Sent: listed until the copy is saved again or let go.
  const copyFailed = item.state === 'sent' && item.sentCopyError !== null
  // Rapport's own reason (no Sent folder) in the user's language; the server's words as they are.
  const copyReason =
    item.sentCopyErrorCode === 'NO_SENT_FOLDER' ? t('outbox.noSentFolder') : item.sentCopyError
  const reason = copyFailed ? t('outbox.sentCopyRefused', { reason: copyReason }) : reasonOf(item)
  // Refused for now by the SMTP server: its reason says when it is tried again, and is no failure.
  const deferred = item.state === 'queued' && item.lastErrorCode === 'SEND_DEFERRED'
  const describeError = useErrorMessage()
  const retry = useMutation('outbox.retry')
  const sendNow = useMutation('outbox.sendNow')
  const remove = useMutation('outbox.delete')
  // Retry on a failed message scheduled for later puts it back on its schedule; Send now sends a
  // waiting one at once.
  const act = copyFailed || item.state === 'failed' ? retry : sendNow
  const error = retry.error ?? sendNow.error ?? remove.error
  // Retry refused for the reason the row already gives (its mailbox still an archive): said as a
  // refusal, not the same sentence twice.
  const refusal = (text: string) => (text === reason ? t('outbox.refusedSameReason') : text)
  const when = (iso: string) => formatFullDate(iso, i18n.language)
  const status =
    item.state === 'scheduled'
      ? t('outbox.state.scheduled', { time: when(item.sendAt) })
      : t(`outbox.state.${item.state}`)
  const canAct =
    item.state === 'failed' || item.state === 'queued' || item.state === 'scheduled' || copyFailed
  return (
    <li className={`outbox__item outbox__item--${item.state}`} data-testid="outbox-item">
      <div className="outbox__summary">
        <span className="outbox__subject">{item.subject || t('outbox.noSubject')}</span>
        <OutboxRecipients item={item} className="outbox__to" />
        <span className="outbox__state" data-testid="outbox-state">
          {status}
          {item.state === 'queued' && item.retryAt && !deferred
            ? ` · ${t('outbox.retryAt', { time: when(item.retryAt) })}`
            : ''}
          {copyFailed && item.sentCopyRetryAt
            ? ` · ${t('outbox.copyRetryAt', { time: when(item.sentCopyRetryAt) })}`
            : ''}
        </span>
        {reason ? (
          <span
            className={`outbox__error${deferred ? ' outbox__error--deferred' : ''}`}
            data-testid="outbox-error"
          >
            {reason}
          </span>
        ) : null}
        {error ? (
          <span className="field__error" role="alert" data-testid="outbox-action-error">
            {refusal(describeError(error))}
          </span>
        ) : null}
      </div>
      {canAct ? (
        <div className="outbox__actions">
          <button
            type="button"
            className="button"
            disabled={act.pending}
            data-testid="outbox-retry"
            onClick={() => void act.run({ id: item.id })}
          >
            {copyFailed
              ? t('outbox.saveCopy')
              : item.state === 'failed'
                ? t('outbox.retry')
                : t('outbox.sendNow')}
          </button>
          <button
            type="button"
            className="button"
            disabled={remove.pending}
            data-testid="outbox-delete"
            onClick={() => void remove.run({ id: item.id })}
          >
            {copyFailed ? t('outbox.dismiss') : t('outbox.delete')}
          </button>
        </div>
      ) : null}
    </li>
  )
}

function UndoDelaySetting() {
  const { t } = useTranslation()
  const settings = useQuery('outbox.getSettings', {}, ['settings'])
  const save = useMutation('outbox.setSettings')
  return (
    <label className="outbox__setting">
      {t('outbox.undoDelay')}
      <select
        value={settings.data?.undoDelaySeconds ?? 10}
        data-testid="outbox-undo-delay"
        onChange={(event) => void save.run({ undoDelaySeconds: Number(event.target.value) })}
      >
        {UNDO_DELAYS.map((seconds) => (
          <option key={seconds} value={seconds}>
            {t('outbox.seconds', { count: seconds })}
          </option>
        ))}
      </select>
    </label>
  )
}

export function OutboxDialog() {
  const { t } = useTranslation()
  const setOpen = useOutboxStore((state) => state.setOutboxOpen)
  const { data, error } = useQuery('outbox.list', {}, ['outbox'])
  const describeError = useErrorMessage()
  const closeRef = useRef<HTMLButtonElement>(null)

  // The Outbox button gets focus back when it closes.
  useFocusBack()
  useEffect(() => {
    closeRef.current?.focus()
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !isComposing(event)) setOpen(false)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [setOpen])

  return (
    <div className="dialog-backdrop">
      <section
        className="dialog outbox"
        role="dialog"
        aria-modal="true"
        aria-labelledby="outbox-title"
        data-testid="outbox"
      >
        <h2 id="outbox-title">{t('outbox.title')}</h2>
        <UndoDelaySetting />
        {error ? <p className="field__error">{describeError(error)}</p> : null}
        {data && data.length === 0 ? <p className="outbox__empty">{t('outbox.empty')}</p> : null}
        <ul className="outbox__list">
          {data?.map((item) => (
            <OutboxRow key={item.id} item={item} />
          ))}
        </ul>
        <div className="outbox__footer">
          <button ref={closeRef} type="button" className="button" onClick={() => setOpen(false)}>
            {t('outbox.close')}
          </button>
        </div>
      </section>
    </div>
  )
}
