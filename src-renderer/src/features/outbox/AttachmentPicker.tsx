// Files to send with a message, with the 25 MB total checked before anything is read or sent, and
// at most 100 files (as sending and drafts take), those picked beyond left out with a word why.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DRAFT_LIMITS } from '../../../../src-preload/contract'
import { formatSize } from '../../i18n/format'
import { inMemory, isTooLarge, MAX_ATTACHMENTS_BYTES, totalSize } from './attachment-files'
import './outbox.css'

type Props = { id: string; files: readonly File[]; onChange: (files: File[]) => void; disabled?: boolean }

export function AttachmentPicker({ id, files, onChange, disabled }: Props) {
  const { t, i18n } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const tooLarge = isTooLarge(files)
  const [leftOut, setLeftOut] = useState(0)
  // The files as they are once the picked ones have been read (one may be removed meanwhile).
  const latest = useRef(files)
  useEffect(() => {
    latest.current = files
  }, [files])
  // A removed file's button goes with it: focus moves to the file now in its place (or the one
  // before, or Attach files), not to the page, where the next Tab starts over from the top.
  const list = useRef<HTMLUListElement>(null)
  const attach = useRef<HTMLButtonElement>(null)
  const [removedAt, setRemovedAt] = useState<number | null>(null)
  useEffect(() => {
    if (removedAt === null) return
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('.attachments__remove') ?? []
    ;(buttons[Math.min(removedAt, buttons.length - 1)] ?? attach.current)?.focus()
    setRemovedAt(null)
  }, [files, removedAt])
  return (
    <div className="attachments">
      <div className="attachments__row">
        <button
          ref={attach}
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => input.current?.click()}
        >
          {t('outbox.attach')}
        </button>
        <input
          ref={input}
          id={id}
          type="file"
          multiple
          hidden
          data-testid={`${id}-input`}
          onChange={(event) => {
            const chosen = Array.from(event.target.files ?? [])
            const picked = [...files, ...chosen]
            setLeftOut(Math.max(0, picked.length - DRAFT_LIMITS.files))
            event.target.value = ''
            const kept = picked.slice(0, DRAFT_LIMITS.files)
            onChange(kept)
            // Over 25 MB nothing is read: the composer says so and sends nothing.
            if (isTooLarge(kept)) return
            // Shown (and sendable) at once; their bytes replace them once read, where still listed.
            // Unreadable already, they stay as picked, and Send says why it cannot read them.
            inMemory(chosen).then(
              (copies) => {
                const copyOf = new Map(chosen.map((file, i) => [file, copies[i]!]))
                if (latest.current.some((file) => copyOf.has(file)))
                  onChange(latest.current.map((file) => copyOf.get(file) ?? file))
              },
              () => undefined
            )
          }}
        />
        {files.length > 0 ? (
          <span className="attachments__total">
            {t('outbox.attachmentsTotal', {
              size: formatSize(totalSize(files), i18n.language),
              limit: formatSize(MAX_ATTACHMENTS_BYTES, i18n.language)
            })}
          </span>
        ) : null}
      </div>
      {files.length > 0 ? (
        <ul className="attachments__list" ref={list}>
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="attachments__file" data-testid="attachment">
              <span>
                {file.name} · {formatSize(file.size, i18n.language)}
              </span>
              <button
                type="button"
                className="attachments__remove"
                aria-label={t('outbox.remove', { name: file.name })}
                disabled={disabled}
                onClick={() => {
                  setRemovedAt(index)
                  onChange(files.filter((_, i) => i !== index))
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {leftOut > 0 ? (
        <p className="field__error" role="alert" data-testid={`${id}-too-many`}>
          {t('outbox.tooMany', { max: DRAFT_LIMITS.files, count: leftOut })}
        </p>
      ) : null}
      {tooLarge ? (
        <p className="field__error" role="alert" id={`${id}-error`} data-testid={`${id}-error`}>
          {t('outbox.tooLarge', { size: formatSize(totalSize(files), i18n.language) })}
        </p>
      ) : null}
    </div>
  )
}
