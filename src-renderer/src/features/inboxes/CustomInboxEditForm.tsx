// Renaming a custom inbox and sharing or unsharing it, in a small form under its sidebar entry.
// Only its creator is offered this (CustomInboxInfo); the core refuses anyone else.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Inbox } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useFocusBack } from '../../components/use-focus-back'
import { useErrorMessage } from '../../i18n/error-message'

/**
 * A custom inbox's errors in its own words: FORBIDDEN here means "not its creator", which the
 * generic text ("your role does not allow this") would misstate for an owner or manager.
 */
export function useCustomInboxError(): (error: ApiError) => string {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  return (error) => (error.code === 'FORBIDDEN' ? t('crm.inbox.onlyCreator') : describeError(error))
}

/** "Shared with the team": seen by every member when on, by its creator alone when off. */
export function SharedCheckbox({
  checked,
  onChange,
  testId
}: {
  checked: boolean
  onChange: (shared: boolean) => void
  testId: string
}) {
  const { t } = useTranslation()
  return (
    <label className="inbox-nav__check">
      <input
        type="checkbox"
        checked={checked}
        data-testid={testId}
        onChange={(event) => onChange(event.target.checked)}
      />
      {t('crm.inbox.shared')}
    </label>
  )
}

type Props = { inbox: Inbox & { customId: string }; onClose: () => void }

export function CustomInboxEditForm({ inbox, onClose }: Props) {
  const { t } = useTranslation()
  const describeError = useCustomInboxError()
  const update = useMutation('inboxes.updateCustom')
  const [name, setName] = useState(inbox.name)
  const [shared, setShared] = useState(inbox.shared ?? false)
  const inputId = `custom-inbox-rename-${inbox.customId}`
  // Back to the Edit link once saved or cancelled, not to the top of the page.
  useFocusBack()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const response = await update.run({ inboxId: inbox.customId, name, shared })
    if (response.ok) onClose()
  }

  return (
    <form
      className="inbox-nav__form inbox-nav__form--edit"
      data-testid="custom-edit-form"
      onSubmit={(event) => void submit(event)}
    >
      <label htmlFor={inputId}>{t('crm.inbox.customName')}</label>
      <input id={inputId} value={name} required autoFocus onChange={(event) => setName(event.target.value)} />
      <SharedCheckbox checked={shared} onChange={setShared} testId="custom-edit-shared" />
      {update.error ? (
        <p className="field__error" role="alert">
          {describeError(update.error)}
        </p>
      ) : null}
      <div className="inbox-nav__form-actions">
        <button type="submit" className="button button--small button--primary" disabled={update.pending}>
          {t('crm.inbox.save')}
        </button>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('crm.cancel')}
        </button>
      </div>
    </form>
  )
}
