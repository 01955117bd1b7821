// The reply box under a thread. The draft (text, attachments, Send later time) lives in the UI
// store per thread; on Send it goes to the outbox (the undo toast offers to take it back) and is
// cleared; the thread shows the sent message after the core's `changed` event.
import { useRef, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { AsideDrafts } from './AsideDrafts'
import { SendButton } from './SendButton'
import type { MessageDetail, ThreadSummary } from '../../../../src-preload/contract'
import { AttachmentPicker } from '../outbox/AttachmentPicker'
import { isTooLarge } from '../outbox/attachment-files'
import { SendLater, laterToIso } from '../outbox/SendLater'
import { useOutboxSend } from '../outbox/use-outbox-send'
import { useErrorMessage } from '../../i18n/error-message'
import { emptyReply, useUiStore } from '../../store/ui-store'
import { replyTarget } from './reply-target'
import './composer.css'

type Props = { thread: ThreadSummary; messages: readonly MessageDetail[] }

export function ReplyBox({ thread, messages }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const draft = useUiStore((state) => state.replyDrafts[thread.id] ?? emptyReply)
  const updateDraft = useUiStore((state) => state.updateReplyDraft)
  const clearDraft = useUiStore((state) => state.clearReplyDraft)
  const restore = useUiStore((state) => state.restoreReply)
  const send = useOutboxSend()
  const textRef = useRef<HTMLTextAreaElement>(null)
  const target = replyTarget(thread, messages)
  const canSend =
    !!target && !target.invalid && draft.text.trim().length > 0 && !send.pending && !isTooLarge(draft.files)

  const submit = async () => {
    if (!target || !canSend) return
    const sent = draft
    const sendAt = laterToIso(sent.later)
    const response = await send.send(
      {
        accountId: thread.accountId,
        to: target.to,
        ...(target.cc.length > 0 ? { cc: target.cc } : {}),
        subject: target.subject,
        text: sent.text,
        inReplyTo: target.inReplyTo,
        files: sent.files,
        ...(sendAt ? { sendAt } : {})
      },
      // Into the box if it is blank, else beside the reply written there meanwhile.
      () => restore(thread.id, sent)
    )
    if (response.ok) clearDraft(thread.id, sent)
    // The textarea was disabled while sending, which dropped focus; give it back.
    requestAnimationFrame(() => textRef.current?.focus())
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }
  // Ctrl/Cmd+Enter sends, as in most mail clients.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit()
    }
  }

  const fieldId = `reply-${thread.id}`
  return (
    <form className="reply-box" onSubmit={onSubmit} aria-busy={send.pending}>
      <label className="reply-box__label" htmlFor={fieldId}>
        {!target
          ? t('composer.noReplyTarget')
          : target.others > 0
            ? t('composer.replyToOthers', { name: target.toName, count: target.others })
            : t('composer.replyTo', { name: target.toName })}
      </label>
      {target?.invalid ? (
        <p className="field__error" role="alert">
          {t('composer.invalidAddress', { address: target.invalid })}
        </p>
      ) : null}
      <AsideDrafts kind="reply" threadId={thread.id} />
      <textarea
        id={fieldId}
        ref={textRef}
        className="reply-box__text"
        data-testid="reply-box"
        rows={4}
        value={draft.text}
        placeholder={t('composer.replyPlaceholder')}
        disabled={!target || send.pending}
        onChange={(event) => updateDraft(thread.id, { text: event.target.value })}
        onKeyDown={onKeyDown}
        aria-invalid={send.error ? true : undefined}
        aria-describedby={send.error ? `${fieldId}-error` : undefined}
      />
      {send.error ? (
        <p className="field__error" id={`${fieldId}-error`} role="alert">
          {describeError(send.error)}
        </p>
      ) : null}
      <AttachmentPicker
        id={`${fieldId}-attachments`}
        files={draft.files}
        onChange={(files) => updateDraft(thread.id, { files })}
        disabled={send.pending}
      />
      <div className="reply-box__actions">
        <span className="reply-box__hint">{t('composer.sendShortcut')}</span>
        <SendLater
          id={`${fieldId}-later`}
          value={draft.later}
          onChange={(later) => updateDraft(thread.id, { later })}
          disabled={send.pending}
        />
        <SendButton pending={send.pending} disabled={!canSend} testId="send-reply" />
      </div>
    </form>
  )
}
