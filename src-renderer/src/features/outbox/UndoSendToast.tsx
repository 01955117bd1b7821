// After Send: "Sending in 8 s · Undo · Send now" for the undo delay; for a message scheduled for
// later, "Scheduled for …" with Undo. Undo puts the draft back into the composer it came from.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { formatFullDate } from '../../i18n/format'
import { useErrorMessage } from '../../i18n/error-message'
import { useFocusBackFromToast } from './focus-back-from-toast'
import { useOutboxReason } from './outbox-reason'
import { useOutboxStore, type Undoable } from './outbox-store'
import './outbox.css'

/** A scheduled message stays undoable in the toast this long; after that, in the Outbox list. */
const SCHEDULED_TOAST_MS = 10_000

/** What the toast of message `id` says to a screen reader. */
type Announcement = { id: number; text: string }

export function UndoSendToast() {
  const undoable = useOutboxStore((state) => state.undoable)
  const [announcement, setAnnouncement] = useState<Announcement | null>(null)
  const spoken = undoable && announcement?.id === undoable.id ? announcement : null
  return (
    <>
      {/* Always in the page, so a screen reader is listening before the toast speaks; it hears
          "Sending in 10 seconds" once, not each second of the countdown shown in the toast. Each
          message's words are a node of their own: a second message sent while the first one's
          toast is up says the same words, which in the same node would change nothing and so be
          heard by no one. */}
      <p className="visually-hidden" role="status" data-testid="undo-toast-status">
        {spoken?.text ? <span key={spoken.id}>{spoken.text}</span> : null}
      </p>
      {/* Keyed per message: its countdown starts when its toast does, never from the clock of the
          toast before it (which made a send a minute after the last one close its toast at once). */}
      {undoable ? <Toast key={undoable.id} undoable={undoable} announce={setAnnouncement} /> : null}
    </>
  )
}

function Toast({ undoable, announce }: { undoable: Undoable; announce: (said: Announcement) => void }) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const setUndoable = useOutboxStore((state) => state.setUndoable)
  const cancel = useMutation('outbox.cancel')
  const sendNow = useMutation('outbox.sendNow')
  const reasonOf = useOutboxReason()
  // Send now answered with the message still waiting (offline, sign in again): said here, where it
  // was pressed, rather than the toast going as if the message had gone.
  const [waiting, setWaiting] = useState<string | null>(null)
  const [shownAt] = useState(() => Date.now())
  const [now, setNow] = useState(shownAt)
  const focusHandlers = useFocusBackFromToast()

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [])

  const sendAt = Date.parse(undoable.sendAt)
  const remainingMs = sendAt - now
  const later = sendAt - shownAt > 60_000
  const expired = later ? now - shownAt > SCHEDULED_TOAST_MS : remainingMs <= 0
  const keep = !!cancel.error || sendNow.pending || !!sendNow.error || !!undoable.warning || !!waiting
  useEffect(() => {
    if (expired && !keep) setUndoable(null)
  }, [expired, keep, setUndoable])
  // A toast kept up for its warning (or Undo's error) stays until closed, as it did before; one
  // kept because the message waits for the network goes once it is sent (or deleted).
  useCloseWhenNoLongerScheduled(keep && !waiting ? null : undoable.id, !!waiting, setUndoable)

  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))
  const scheduledFor = t('outbox.scheduledFor', { time: formatFullDate(undoable.sendAt, i18n.language) })
  const spoken = later
    ? scheduledFor
    : sendNow.pending
      ? t('outbox.sendingNow')
      : t('outbox.sendingInSpoken', { seconds: seconds(sendAt - shownAt) })
  useEffect(() => announce({ id: undoable.id, text: spoken }), [announce, undoable.id, spoken])

  if (expired && !keep) return null

  const undo = async () => {
    const response = await cancel.run({ id: undoable.id })
    if (!response.ok) return
    undoable.restore?.()
    setUndoable(null)
  }
  // The toast stays until the core answers: a refusal (the daily cap, an archived mailbox) is
  // said here, where Send now was pressed, and the message still waits to go at its time.
  const sendRightAway = async () => {
    const response = await sendNow.run({ id: undoable.id })
    if (!response.ok) return
    const reason = response.value.state === 'queued' ? reasonOf(response.value) : null
    if (reason) setWaiting(t('outbox.inThread.withReason', { state: t('outbox.state.queued'), reason }))
    else setUndoable(null)
  }

  return (
    <div className="undo-toast" data-testid="undo-toast" {...focusHandlers}>
      {/* Waiting for the network, it goes when it can: no countdown (which stopped at "1 s"). */}
      {waiting && !sendNow.pending ? null : (
        <span className="undo-toast__text">
          {later
            ? scheduledFor
            : sendNow.pending
              ? t('outbox.sendingNow')
              : t('outbox.sendingIn', { seconds: seconds(remainingMs) })}
        </span>
      )}
      {undoable.warning ? (
        <span className="undo-toast__error" role="alert" data-testid="send-warning">
          {undoable.warning}
        </span>
      ) : null}
      {waiting && !sendNow.pending ? (
        <span className="undo-toast__error" role="alert" data-testid="undo-toast-waiting">
          {waiting}
        </span>
      ) : null}
      {cancel.error || sendNow.error ? (
        <span className="undo-toast__error" role="alert" data-testid="undo-toast-error">
          {describeError((cancel.error ?? sendNow.error)!)}
        </span>
      ) : null}
      <button
        type="button"
        className="undo-toast__action"
        data-testid="undo-send"
        onClick={() => void undo()}
      >
        {t('outbox.undo')}
      </button>
      {later ? null : (
        <button
          type="button"
          className="undo-toast__action"
          data-testid="undo-send-now"
          onClick={() => void sendRightAway()}
        >
          {t('outbox.sendNow')}
        </button>
      )}
      <button
        type="button"
        className="undo-toast__close"
        aria-label={t('outbox.close')}
        onClick={() => setUndoable(null)}
      >
        ×
      </button>
    </div>
  )
}

/**
 * Sent or deleted from the Outbox meanwhile (its own Send now, Delete): nothing is left to undo,
 * so the toast goes. Only once the list has shown the message scheduled, since a list read just
 * before it was queued does not hold it yet. With `queuedToo`, waiting for the network counts as
 * scheduled (Send now could not connect).
 */
function useCloseWhenNoLongerScheduled(
  id: number | null,
  queuedToo: boolean,
  setUndoable: (undoable: null) => void
): void {
  const outbox = useQuery('outbox.list', id === null ? null : {}, ['outbox'])
  const seen = useRef<number | null>(null)
  const scheduled =
    id !== null &&
    !!outbox.data?.some(
      (item) => item.id === id && (item.state === 'scheduled' || (queuedToo && item.state === 'queued'))
    )
  useEffect(() => {
    if (id === null) return
    if (scheduled) seen.current = id
    else if (seen.current === id) setUndoable(null)
  }, [id, scheduled, setUndoable])
}
