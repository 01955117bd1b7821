// Asked before New message goes without a subject, or without text or attachments, as Gmail and
// Thunderbird ask: such a message is more often sent by a slip (Ctrl+Enter too early) than meant.
// "Go back", the harmless choice, has the focus; Escape is Go back too.
import { useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useTopLayerEscape } from '../../components/use-top-layer-escape'
import type { MissingPart } from './missing-part'

export function SendAnywayConfirm({
  missing,
  onSend,
  onBack
}: {
  missing: MissingPart
  onSend: () => void
  onBack: () => void
}) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const backRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  // Modal over the composer (whose fields turn inert), in the top layer above its backdrop.
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    backRef.current?.focus()
  }, [])
  // Closed first, so the composer is no longer inert when the caller moves focus into it.
  const leave = (then: () => void) => {
    ref.current?.close()
    then()
  }
  // Caught before the composer's own Escape, which would close the whole message.
  useTopLayerEscape(() => leave(onBack))

  return (
    <dialog
      ref={ref}
      className="send-anyway"
      role="alertdialog"
      aria-labelledby={titleId}
      data-testid="send-anyway"
    >
      <h2 id={titleId} className="send-anyway__title">
        {t(`composer.sendAnyway.${missing}`)}
      </h2>
      <div className="composer__actions">
        <button type="button" className="button" data-testid="send-anyway-send" onClick={() => leave(onSend)}>
          {t('composer.sendAnyway.send')}
        </button>
        <button
          ref={backRef}
          type="button"
          className="button button--primary"
          data-testid="send-anyway-back"
          onClick={() => leave(onBack)}
        >
          {t('composer.sendAnyway.back')}
        </button>
      </div>
    </dialog>
  )
}
