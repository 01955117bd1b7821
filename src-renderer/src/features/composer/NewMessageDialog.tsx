// "New message": a modal composer with From (when there are several accounts), To, Cc and Bcc
// (shown on demand, or when filled), Subject, the text, attachments and Send later. The draft,
// all of it, survives closing the dialog until it is sent, or thrown away by Discard (which
// offers Undo for a few seconds, DiscardedDraftToast).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useAddressProblemText } from './address-problem-text'
import { AsideDrafts } from './AsideDrafts'
import { RecipientField } from './RecipientField'
import { SendAnywayConfirm } from './SendAnywayConfirm'
import { missingPart, type MissingPart } from './missing-part'
import { SendButton } from './SendButton'
import { keepEnterFromSending, sendOnShortcut } from './send-shortcut'
import { useFocusAfterSend } from './use-focus-after-send'
import { fromChoices } from './sending-mailboxes'
import { useDefaultFrom } from './use-default-from'
import { useNewMessageSignature } from './use-new-message-signature'
import { caretAboveSignature } from './draft-signature'
import { callCommand } from '../../api/call-command'
import { DRAFT_LIMITS, type Account, type ApiError } from '../../../../src-preload/contract'
import { DraftNotSaved } from '../drafts/DraftNotSaved'
import { DraftSaved } from '../drafts/DraftSaved'
import { ServerDrafts } from '../drafts/ServerDrafts'
import { AttachmentPicker } from '../outbox/AttachmentPicker'
import { isTooLarge } from '../outbox/attachment-files'
import { SendLater, laterToIso } from '../outbox/SendLater'
import { useOutboxSend } from '../outbox/use-outbox-send'
import { Field, fieldA11y } from '../../components/Field'
import { useErrorMessage } from '../../i18n/error-message'
import { useUiStore } from '../../store/ui-store'
import { addressProblem, parseAddressList } from '../../../../src-preload/contract/address-list'
import { isComposing } from '../../components/composing'
import './composer.css'

type FieldName = 'to' | 'cc' | 'bcc' | 'subject' | 'text' | 'attachments' | 'sendAt'
const FIELDS: readonly FieldName[] = ['to', 'cc', 'bcc', 'subject', 'text', 'attachments', 'sendAt']
type AddressField = 'to' | 'cc' | 'bcc'
const ADDRESS_FIELDS: readonly AddressField[] = ['to', 'cc', 'bcc']

/** The composer field a core error is about ("to.0" is the To field), or null for the top. */
function fieldOf(error: ApiError | null): FieldName | null {
  const root = error?.field?.split('.')[0]
  return FIELDS.find((field) => field === root) ?? null
}

/** The element that shows a field (the Send later picker for sendAt). */
const elementId = (field: FieldName) => (field === 'sendAt' ? 'composer-later' : `composer-${field}`)

export function NewMessageDialog({ accounts }: { accounts: Account[] }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const problemText = useAddressProblemText()
  const draft = useUiStore((state) => state.newMessage)
  const update = useUiStore((state) => state.updateNewMessage)
  const restore = useUiStore((state) => state.restoreNewMessage)
  const clear = useUiStore((state) => state.clearNewMessage)
  const discard = useUiStore((state) => state.discardNewMessage)
  const setComposerOpen = useUiStore((state) => state.setComposerOpen)
  const send = useOutboxSend()
  const focusAfterSend = useFocusAfterSend(send.pending)
  const [addressErrors, setAddressErrors] = useState<Partial<Record<AddressField, string>>>({})
  // Cc and Bcc show once asked for, or while they hold something (a draft, a mailto link).
  const [asked, setAsked] = useState<{ cc: boolean; bcc: boolean }>({ cc: false, bcc: false })
  // The field just shown by its button, to be focused once it is there.
  const [opened, setOpened] = useState<'cc' | 'bcc' | null>(null)
  // What Send is asking about (no subject, no text) before the message goes, or null.
  const [asking, setAsking] = useState<MissingPart | null>(null)
  const shows = (field: 'cc' | 'bcc') => asked[field] || draft[field] !== ''
  const toRef = useRef<HTMLInputElement>(null)
  const choices = fromChoices(accounts)
  const accountId = choices.some((a) => a.id === draft.accountId) ? draft.accountId : (choices[0]?.id ?? null)
  useDefaultFrom(choices)
  useNewMessageSignature(choices)

  // Focus the first field on open (LazyNewMessageDialog gives it back to the opener on close).
  // Escape is caught on the window: while sending, the disabled fields drop focus to <body>.
  useEffect(() => {
    toRef.current?.focus()
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !isComposing(event)) setComposerOpen(false)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [setComposerOpen])

  useEffect(() => {
    if (opened) document.getElementById(`composer-${opened}`)?.focus()
  }, [opened])

  const close = () => setComposerOpen(false)
  const errorAt = (field: FieldName) =>
    (field === 'to' || field === 'cc' || field === 'bcc') && addressErrors[field]
      ? addressErrors[field]
      : send.error && fieldOf(send.error) === field
        ? describeError(send.error)
        : null
  const onAddresses = (field: AddressField, value: string) => {
    setAddressErrors((errors) => ({ ...errors, [field]: undefined }))
    // Typed in, it stays shown when emptied again.
    if (field !== 'to') setAsked((shown) => ({ ...shown, [field]: true }))
    update({ [field]: value })
  }
  const show = (field: 'cc' | 'bcc') => {
    setAsked((shown) => ({ ...shown, [field]: true }))
    setOpened(field)
  }

  // As the Send button: not while a send is under way (twice pressed, it sends once), nor with
  // attachments over the limit.
  const canSend = !send.pending && !isTooLarge(draft.files)

  // `confirmed`: sent anyway, without the subject or text asked about.
  const submit = async (confirmed = false) => {
    if (!canSend) return
    const parsed = {
      to: parseAddressList(draft.to),
      cc: parseAddressList(draft.cc),
      bcc: parseAddressList(draft.bcc)
    }
    const problems: Partial<Record<AddressField, string>> = {}
    for (const field of ADDRESS_FIELDS) {
      const problem = addressProblem(parsed[field])
      if (problem) problems[field] = problemText(problem)
    }
    // Someone in To, Cc or Bcc: Bcc alone will do (the message then says To: undisclosed-recipients).
    const count = ADDRESS_FIELDS.reduce((sum, field) => sum + parsed[field].addresses.length, 0)
    if (count === 0 && ADDRESS_FIELDS.every((field) => !problems[field]))
      problems.to = t('composer.noRecipients')
    setAddressErrors(problems)
    const first = ADDRESS_FIELDS.find((field) => problems[field])
    if (first) {
      document.getElementById(`composer-${first}`)?.focus()
      return
    }
    if (accountId === null) return
    // Asked once the recipients are right: a missing recipient is said first.
    const missing = confirmed ? null : missingPart(draft)
    if (missing) {
      setAsking(missing)
      return
    }
    const sent = draft
    const sendAt = laterToIso(draft.later)
    const cc = parsed.cc.addresses
    const bcc = parsed.bcc.addresses
    const response = await send.send(
      {
        accountId,
        to: parsed.to.addresses,
        ...(cc.length > 0 ? { cc } : {}),
        ...(bcc.length > 0 ? { bcc } : {}),
        subject: draft.subject,
        text: draft.text,
        files: draft.files,
        ...(sendAt ? { sendAt } : {})
      },
      // Undo brings the whole draft back, attachments and time included, in the dialog; beside
      // another message written meanwhile, never over it.
      () => {
        restore(sent)
        setComposerOpen(true)
      }
    )
    if (!response.ok) {
      // Back to where the problem is.
      const field = fieldOf(response.error)
      focusAfterSend(() => document.getElementById(field ? elementId(field) : 'composer-to'))
      return
    }
    // The next new message starts from it, unless what is in view then says otherwise.
    void callCommand('outbox.rememberNewMessageFrom', { accountId })
    clear(sent)
    close()
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }
  // From any field of the message, as the reply box's text; a plain Enter sends from none.
  const sendShortcut = sendOnShortcut(() => void submit())
  const onKeyDown = (event: KeyboardEvent) => {
    keepEnterFromSending(event)
    sendShortcut(event)
  }

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog composer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="composer-title"
        onSubmit={onSubmit}
        onKeyDown={onKeyDown}
        // The app's own messages, where the problem is; not the browser's bubble (e.g. for Send
        // later's min, which is past by the time a slow writer sends).
        noValidate
        aria-busy={send.pending}
        data-testid="composer"
      >
        <h2 id="composer-title">{t('composer.newMessage')}</h2>
        {send.error && !fieldOf(send.error) ? (
          <p className="composer__error" role="alert">
            {describeError(send.error)}
          </p>
        ) : null}
        <AsideDrafts kind="new" />
        <ServerDrafts />
        <fieldset className="composer__fields" disabled={send.pending}>
          {accounts.length > 1 ? (
            <Field id="composer-from" label={t('composer.from')}>
              <select
                id="composer-from"
                value={accountId ?? ''}
                onChange={(event) => update({ accountId: Number(event.target.value) })}
              >
                {choices.map((account) => (
                  <option key={account.id} value={account.id}>
                    {account.displayName ? `${account.displayName} <${account.email}>` : account.email}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <RecipientField
            field="to"
            label={t('composer.to')}
            value={draft.to}
            error={errorAt('to')}
            hint={t('composer.toHint')}
            inputRef={toRef}
            onChange={(value) => onAddresses('to', value)}
          >
            {(['cc', 'bcc'] as const)
              .filter((field) => !shows(field))
              .map((field) => (
                <button
                  key={field}
                  type="button"
                  className="button button--small"
                  // "Add Cc": the visible "Cc" alone would not say what pressing it does.
                  aria-label={t(field === 'cc' ? 'composer.addCc' : 'composer.addBcc')}
                  onClick={() => show(field)}
                  data-testid={`composer-show-${field}`}
                >
                  {t(field === 'cc' ? 'composer.cc' : 'composer.bcc')}
                </button>
              ))}
          </RecipientField>
          {(['cc', 'bcc'] as const)
            .filter((field) => shows(field))
            .map((field) => (
              <RecipientField
                key={field}
                field={field}
                label={t(field === 'cc' ? 'composer.cc' : 'composer.bcc')}
                value={draft[field]}
                error={errorAt(field)}
                {...(field === 'bcc' ? { hint: t('composer.bccHint') } : {})}
                onChange={(value) => onAddresses(field, value)}
              />
            ))}
          <Field id="composer-subject" label={t('composer.subject')} error={errorAt('subject')}>
            <input
              {...fieldA11y('composer-subject', errorAt('subject'))}
              type="text"
              maxLength={DRAFT_LIMITS.subject}
              value={draft.subject}
              onChange={(event) => update({ subject: event.target.value })}
              data-testid="composer-subject"
            />
          </Field>
          <Field id="composer-text" label={t('composer.body')} error={errorAt('text')}>
            <textarea
              {...fieldA11y('composer-text', errorAt('text'))}
              rows={12}
              value={draft.text}
              onChange={(event) => update({ text: event.target.value })}
              onFocus={(event) => caretAboveSignature(event.currentTarget, draft)}
              data-testid="composer-text"
            />
          </Field>
          <AttachmentPicker
            id="composer-attachments"
            files={draft.files}
            onChange={(files) => update({ files })}
          />
          {errorAt('attachments') ? (
            <p className="field__error" role="alert">
              {errorAt('attachments')}
            </p>
          ) : null}
        </fieldset>
        <div className="composer__actions">
          <DraftNotSaved threadId={null} />
          <DraftSaved threadId={null} />
          <SendLater
            id="composer-later"
            value={draft.later}
            onChange={(later) => update({ later })}
            disabled={send.pending}
            error={errorAt('sendAt')}
          />
          <button
            type="button"
            className="button"
            // Drafts set aside beside this one stay (AsideDrafts): only what is written here goes.
            onClick={() => {
              discard()
              close()
            }}
            disabled={send.pending}
            data-testid="composer-discard"
            // "Discard draft": told apart from the Discard of a draft set aside beside it.
            aria-label={t('composer.discardLabel')}
          >
            {t('composer.discard')}
          </button>
          <button type="button" className="button" onClick={close}>
            {t('composer.close')}
          </button>
          <SendButton pending={send.pending} disabled={!canSend} testId="composer-send" />
        </div>
      </form>
      {asking ? (
        <SendAnywayConfirm
          missing={asking}
          onSend={() => {
            setAsking(null)
            void submit(true)
          }}
          onBack={() => {
            // Back to what is missing: the subject, or the text when only that is.
            document.getElementById(asking === 'text' ? 'composer-text' : 'composer-subject')?.focus()
            setAsking(null)
          }}
        />
      ) : null}
    </div>
  )
}
