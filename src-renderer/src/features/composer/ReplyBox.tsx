// The reply box under a thread. The draft (text, attachments, Send later time) lives in the UI
// store per thread; on Send it goes to the outbox (the undo toast offers to take it back) and is
// cleared; the thread shows the sent message after the core's `changed` event. Discard throws it
// away, offering Undo for a few seconds (DiscardedDraftToast).
import { useEffect, useRef, type FormEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { useAddressProblemText } from './address-problem-text'
import { endsWithQuote } from '../thread/text-quote'
import { AsideDrafts } from './AsideDrafts'
import { QuoteToggle, useQuoteReplies } from './QuoteToggle'
import { SendButton } from './SendButton'
import { replyRecipients } from './reply-recipients'
import { keepEnterFromSending, sendOnShortcut } from './send-shortcut'
import { useFocusAfterSend } from './use-focus-after-send'
import { useOtherMailboxes } from './use-other-mailboxes'
import { useReplySignature } from './use-reply-signature'
import type { ApiError, MessageDetail, ThreadSummary } from '../../../../src-preload/contract'
import { DraftNotSaved } from '../drafts/DraftNotSaved'
import { DraftSaved } from '../drafts/DraftSaved'
import { AttachmentPicker } from '../outbox/AttachmentPicker'
import { isTooLarge } from '../outbox/attachment-files'
import { SendLater, laterToIso } from '../outbox/SendLater'
import { useOutboxSend } from '../outbox/use-outbox-send'
import { useErrorMessage } from '../../i18n/error-message'
import { emptyReply, isBlank, useUiStore } from '../../store/ui-store'
import { answeredHeaders, replyTarget } from '../../../../src-preload/contract/reply-target'
import { formatAddressList } from '../../../../src-preload/contract/address-list'
import { writtenText } from '../../../../src-preload/contract/signature'
import './composer.css'

type Props = { thread: ThreadSummary; messages: readonly MessageDetail[] }

/** Where in the reply box an error shows: at the control it is about, else under the text. */
function errorPlace(error: ApiError | null): 'text' | 'attachments' | 'later' | null {
  if (!error) return null
  const field = error.field?.split('.')[0]
  return field === 'sendAt' ? 'later' : field === 'attachments' ? 'attachments' : 'text'
}

export function ReplyBox({ thread, messages }: Props) {
  const { t } = useTranslation()
  const problemText = useAddressProblemText()
  const describeError = useErrorMessage()
  const draft = useUiStore((state) => state.replyDrafts[thread.id] ?? emptyReply)
  const updateDraft = useUiStore((state) => state.updateReplyDraft)
  const clearDraft = useUiStore((state) => state.clearReplyDraft)
  const restore = useUiStore((state) => state.restoreReply)
  const discard = useUiStore((state) => state.discardReply)
  // Until the kept drafts are in, this box may not be showing its kept reply yet.
  const draftsReady = useUiStore((state) => state.draftsReady)
  const send = useOutboxSend()
  const focusAfterSend = useFocusAfterSend(send.pending)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const { quote, setQuote } = useQuoteReplies()
  const { others, mailbox, signature } = useOtherMailboxes(thread.accountId)
  const replySignature = useReplySignature(thread.id, signature)
  const target = replyTarget(thread, messages, others, mailbox)
  // A reply continued from another program may keep recipients of its own.
  const recipients = replyRecipients(target, draft)
  const canSend =
    !!target &&
    !!recipients &&
    !recipients.problem &&
    // Attachments alone are content ("here is the signed contract"), as in New message; the
    // signature alone is not.
    (writtenText(draft.text, draft.signature).trim().length > 0 || draft.files.length > 0) &&
    !send.pending &&
    !isTooLarge(draft.files)
  // An error about the Send later time or the attachments shows at that control; any other (the
  // text, the address replied to, none in particular) under the text.
  const errorAt = errorPlace(send.error)
  const error = send.error ? describeError(send.error) : null
  const fieldId = `reply-${thread.id}`
  const textDisabled = !target || send.pending || !draftsReady
  usePendingFocus(thread.id, textDisabled, textRef)

  const submit = async () => {
    if (!target || !recipients || !canSend) return
    const sent = draft
    const sendAt = laterToIso(sent.later)
    const response = await send.send(
      {
        accountId: thread.accountId,
        to: recipients.to,
        ...(recipients.cc.length > 0 ? { cc: recipients.cc } : {}),
        ...(recipients.bcc.length > 0 ? { bcc: recipients.bcc } : {}),
        // Reply on an earlier message threads under that one, not the newest.
        ...answeredHeaders(target, thread, messages, sent.answering),
        text: sent.text,
        // The message answered goes below the text when sent; the box shows the reply alone. A
        // reply continued from another program's draft has its quote already.
        quote: quote && !endsWithQuote(sent.text),
        files: sent.files,
        ...(sendAt ? { sendAt } : {})
      },
      // Into the box if it is blank, else beside the reply written there meanwhile.
      () => {
        restore(thread.id, sent)
        // Taken back to be changed: the text takes focus from the Undo button, which goes with
        // its toast. Not when another conversation is open (this box is gone then).
        const text = textRef.current
        const active = document.activeElement
        if (text?.isConnected && (!active || active === document.body || active.closest('.undo-toast')))
          text.focus()
      }
    )
    if (response.ok) clearDraft(thread.id, sent)
    // Focus goes back to the text, or to the time when that was refused.
    const refusedTime = !response.ok && errorPlace(response.error) === 'later'
    focusAfterSend(() => (refusedTime ? document.getElementById(`${fieldId}-later`) : textRef.current))
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }
  const onKeyDown = sendOnShortcut(() => void submit())

  return (
    // noValidate: the app's messages, where the problem is, not the browser's bubble (Send
    // later's min is past by the time a slow writer sends).
    <form
      className="reply-box"
      onSubmit={onSubmit}
      // Enter in the Send later time would send the reply (the form's Enter).
      onKeyDown={keepEnterFromSending}
      noValidate
      aria-busy={send.pending}
    >
      <label className="reply-box__label" htmlFor={fieldId}>
        {!target || !recipients
          ? t('composer.noReplyTarget')
          : t(`composer.${replyLabelKey(recipients)}`, { name: recipients.toName, count: recipients.others })}
      </label>
      {recipients?.own && recipients.cc.length > 0 && !recipients.bccOnly ? (
        // Reply all (or a draft with a Cc): whom the others are, as the label counts them only.
        <p className="reply-box__own-recipients reply-box__own-recipients--list" data-testid="reply-cc">
          {t('composer.replyCc', { list: formatAddressList(recipients.cc) })}
        </p>
      ) : null}
      {recipients?.own && recipients.bcc.length > 0 ? (
        // The label names To and Cc (or says Bcc only); the blind copies, which the others do not
        // see, are listed here.
        <p className="reply-box__own-recipients reply-box__own-recipients--list" data-testid="reply-bcc">
          {t('composer.replyBcc', { list: formatAddressList(recipients.bcc) })}
        </p>
      ) : null}
      {recipients?.own ? (
        <p className="reply-box__own-recipients">
          {t(draft.chosen ? 'composer.chosenRecipients' : 'composer.draftRecipients')}{' '}
          <button
            type="button"
            className="link-button"
            data-testid="reply-usual-recipients"
            disabled={send.pending}
            onClick={() => {
              // As Reply on the newest message: its recipients, answering it.
              updateDraft(thread.id, { to: '', cc: '', bcc: '', chosen: false, answering: undefined })
              // The button goes with the own recipients: the keys stay in the reply, not the page.
              textRef.current?.focus()
            }}
          >
            {t('composer.usualRecipients')}
          </button>
        </p>
      ) : null}
      {recipients?.problem ? (
        <p className="field__error" role="alert">
          {problemText(recipients.problem)}
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
        disabled={textDisabled}
        onChange={(event) => updateDraft(thread.id, { text: event.target.value })}
        onFocus={replySignature.onFocus}
        onMouseDown={replySignature.onMouseDown}
        onKeyDown={onKeyDown}
        aria-invalid={errorAt === 'text' ? true : undefined}
        aria-describedby={errorAt === 'text' ? `${fieldId}-error` : undefined}
      />
      {errorAt === 'text' ? (
        <p className="field__error" id={`${fieldId}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {/* Under the text it is about: whether the message answered goes below it. */}
      <QuoteToggle id={`${fieldId}-quote`} quote={quote} onChange={setQuote} disabled={send.pending} />
      <AttachmentPicker
        id={`${fieldId}-attachments`}
        files={draft.files}
        onChange={(files) => updateDraft(thread.id, { files })}
        disabled={send.pending}
      />
      {errorAt === 'attachments' ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="reply-box__actions">
        <span className="reply-box__hint">{t('composer.sendShortcut')}</span>
        <DraftNotSaved threadId={thread.id} />
        <DraftSaved threadId={thread.id} />
        <SendLater
          id={`${fieldId}-later`}
          value={draft.later}
          onChange={(later) => updateDraft(thread.id, { later })}
          disabled={send.pending}
          error={errorAt === 'later' ? error : null}
        />
        {isBlank(draft) ? null : (
          <button
            type="button"
            className="button"
            disabled={send.pending}
            data-testid="reply-discard"
            // "Discard draft": told apart from the Discard of a draft set aside beside it.
            aria-label={t('composer.discardLabel')}
            onClick={() => {
              discard(thread.id)
              // The button goes with the draft: the keys stay in the (empty) reply.
              textRef.current?.focus()
            }}
          >
            {t('composer.discard')}
          </button>
        )}
        <SendButton pending={send.pending} disabled={!canSend} testId="send-reply" />
      </div>
    </form>
  )
}

/**
 * A reply continued from another program's draft asks for this box, possibly before it mounted
 * (its conversation opens as the New message dialog closes): the text takes the keys once it can,
 * and the request is done.
 */
function usePendingFocus(
  threadId: number,
  disabled: boolean,
  textRef: RefObject<HTMLTextAreaElement | null>
): void {
  const wanted = useUiStore((state) => state.pendingReply === threadId)
  useEffect(() => {
    if (!wanted || disabled) return
    textRef.current?.focus()
    useUiStore.getState().clearPendingReply()
  }, [wanted, disabled, textRef])
}

/** "Reply to Carla", "… and 2 others", each "…, in Bcc only" when no one is in To or Cc. */
function replyLabelKey({ bccOnly, others }: { bccOnly: boolean; others: number }): string {
  return `${bccOnly ? 'replyToBccOnly' : 'replyTo'}${others > 0 ? 'Others' : ''}`
}
