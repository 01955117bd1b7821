// What a message's remote images do, and the choice: blocked, with "Show images" (this message,
// until the window closes) and "Always show images from <sender>" (kept in the workspace); or
// shown because of that sender, with the way back.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isEmailAddress, type ApiError } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useErrorMessage } from '../../i18n/error-message'
import { useUiStore } from '../../store/ui-store'

type Props = {
  messageId: number
  sender: string | null
  /** Remote images blocked in this message (0: none, or they are shown). */
  blocked: number
  /** Remote images shown because the user always shows this sender's. */
  shownForSender: boolean
}

export function RemoteImagesBar({ messageId, sender, blocked, shownForSender }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const allowForMessage = useUiStore((state) => state.allowRemoteImages)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  // The core answers with the list; the conversation is read again on `changed` (image_senders).
  const setForSender = async (command: 'images.allowSender' | 'images.stopSender') => {
    if (!sender || busy) return
    setBusy(true)
    setError(null)
    const response = await callCommand(command, { address: sender })
    setBusy(false)
    if (!response.ok) setError(response.error)
  }
  const senderChoice = sender !== null && isEmailAddress(sender)
  if (blocked === 0 && !shownForSender) return null
  return (
    <div className="remote-images-bar" role="status" data-testid="remote-images-bar">
      <span>
        {shownForSender
          ? t('thread.imagesShownForSender', { address: sender })
          : t('thread.remoteImagesBlocked')}
      </span>
      <span className="remote-images-bar__actions">
        {shownForSender ? null : (
          <button
            key="message"
            type="button"
            className="button button--small"
            onClick={() => allowForMessage(messageId)}
          >
            {t('thread.showImages')}
          </button>
        )}
        {/* One button for the sender's choice and its reversal: the same element, so focus stays
            on it from the keyboard when the choice flips the bar. */}
        {shownForSender || senderChoice ? (
          <button
            key="sender"
            type="button"
            className="button button--small"
            aria-disabled={busy}
            onClick={() => void setForSender(shownForSender ? 'images.stopSender' : 'images.allowSender')}
          >
            {shownForSender
              ? t('thread.stopShowingImages')
              : t('thread.alwaysShowImages', { address: sender })}
          </button>
        ) : null}
      </span>
      {error ? (
        <span className="remote-images-bar__error" role="alert">
          {describeError(error)}
        </span>
      ) : null}
    </div>
  )
}
