import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Attachment } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { PaperclipIcon } from '../../components/icons'
import { useErrorMessage } from '../../i18n/error-message'
import { formatSize } from '../../i18n/format'

/** How long a read may take before the list says it is downloading. */
const SLOW_READ_MS = 300

/**
 * Attachments of a message, each saved from Rapport's own copy (attachments.read), so they stay
 * available when the message is gone from the server or the computer is offline. One without a
 * copy (over 25 MB, or imported before attachments were kept) is downloaded from the server,
 * which can take a while: its button says so until the file is ready.
 */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState<number | null>(null)
  // Set once a read takes long enough to be a download: a read of Rapport's own copy takes
  // milliseconds, and a label that came and went at once would only flicker.
  const [slow, setSlow] = useState(false)
  const slowTimer = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(slowTimer.current), [])

  const save = async (attachment: Attachment) => {
    if (loading !== null) return
    setError(null)
    setLoading(attachment.id)
    slowTimer.current = window.setTimeout(() => setSlow(true), SLOW_READ_MS)
    const response = await callCommand('attachments.read', { attachmentId: attachment.id })
    window.clearTimeout(slowTimer.current)
    setSlow(false)
    setLoading(null)
    if (!response.ok) {
      setError(response.error)
      return
    }
    const url = URL.createObjectURL(
      new Blob([decodeBase64(response.value.dataBase64)], { type: response.value.contentType })
    )
    const link = document.createElement('a')
    link.href = url
    link.download = response.value.filename || 'attachment'
    link.click()
    // The download has its own copy once it started; the object URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  return (
    <>
      <ul className="attachments" aria-label={t('thread.attachments', { count: attachments.length })}>
        {attachments.map((attachment) => (
          <li key={attachment.id} className="attachments__item" title={attachment.contentType}>
            <button
              type="button"
              className="attachments__save"
              data-testid="attachment-save"
              aria-label={t('thread.saveAttachment', {
                name: attachment.filename || t('thread.unnamedAttachment')
              })}
              aria-busy={loading === attachment.id}
              aria-disabled={loading !== null}
              onClick={() => void save(attachment)}
            >
              <PaperclipIcon />
              {/* Isolated, so a name in another script cannot reorder what is around it. */}
              <span className="attachments__name">
                <AttachmentName name={attachment.filename || t('thread.unnamedAttachment')} />
              </span>
            </button>
            <span className="attachments__size">{formatSize(attachment.size, i18n.language)}</span>
            {/* Present all along, so screen readers announce the text when it appears. */}
            <span className="attachments__busy" role="status">
              {slow && loading === attachment.id ? t('thread.downloadingAttachment') : null}
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="attachments__error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
    </>
  )
}

/** Longer than this after its last dot, a name's end is not taken for its type. */
const MAX_EXTENSION = 12

/**
 * The name with its type always in view: a long one is cut short before its extension, never
 * through it, so "Invoice.pdf", padding and ".exe" cannot show as "Invoice.pdf …".
 */
function AttachmentName({ name }: { name: string }) {
  const dot = name.lastIndexOf('.')
  const split = dot > 0 && name.length - dot <= MAX_EXTENSION
  return (
    <bdi className="attachments__name-text">
      {split ? (
        <>
          <span className="attachments__stem">{name.slice(0, dot)}</span>
          <span className="attachments__extension">{name.slice(dot)}</span>
        </>
      ) : (
        <span className="attachments__stem">{name}</span>
      )}
    </bdi>
  )
}

/** A plain loop: Uint8Array.from with a mapping function took seconds on a 25 MB attachment. */
function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
