// The mailbox's signature, plain text: New message, replies and forwards from it put it at the
// end of their text, below "-- " (composer/draft-signature.ts).
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import { SIGNATURE_MAX_CHARS } from '../../../../src-preload/contract/signature'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'

export function SignatureSection({ account }: { account: Account }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const save = useMutation('accounts.setSignature')
  const stored = account.signature ?? ''
  const [draft, setDraft] = useState(stored)
  const [saved, setSaved] = useState(false)
  const fieldId = `account-signature-${account.id}`

  // The stored signature replaces what was typed whenever it changes (here or in another window).
  useEffect(() => setDraft(stored), [stored])

  // Said here, before the core's refusal: no characters cut off silently, as maxLength would.
  const tooLong = draft.length > SIGNATURE_MAX_CHARS
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (tooLong) return
    setSaved(false)
    const response = await save.run({ accountId: account.id, signature: draft })
    setSaved(response.ok)
  }

  return (
    <fieldset className="account-settings__section" data-testid="signature">
      <legend>{t('accountSettings.signature.legend')}</legend>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <label htmlFor={fieldId}>{t('accountSettings.signature.label')}</label>
        <textarea
          id={fieldId}
          className="account-settings__signature"
          rows={5}
          value={draft}
          aria-invalid={tooLong || !!save.error}
          aria-describedby={`${fieldId}-hint`}
          data-testid="signature-text"
          onChange={(event) => {
            setDraft(event.target.value)
            setSaved(false)
          }}
        />
        <p className="account-settings__hint" id={`${fieldId}-hint`}>
          {t('accountSettings.signature.hint')}
        </p>
        <div className="account-settings__row">
          <button
            type="submit"
            className="button button--small"
            disabled={save.pending || tooLong || draft === stored}
            data-testid="signature-save"
          >
            {t('accountSettings.signature.save')}
          </button>
          {saved && draft === stored ? (
            <span role="status" data-testid="signature-saved">
              {t('accountSettings.signature.saved')}
            </span>
          ) : null}
        </div>
      </form>
      {tooLong ? (
        <p className="account-settings__error" role="alert" data-testid="signature-too-long">
          {t('accountSettings.signature.tooLong', { max: SIGNATURE_MAX_CHARS, count: draft.length })}
        </p>
      ) : null}
      {save.error ? (
        <p className="account-settings__error" role="alert">
          {describeError(save.error)}
        </p>
      ) : null}
    </fieldset>
  )
}
