// The mailbox's import depth (the newest N per synced folder, or all), as chosen when it was
// added, changed later. A deeper one is fetched by the next sync; a shallower one removes nothing.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account, ImportLimit } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'
import { ImportLimitField } from '../onboarding/ImportLimitField'

type Draft = { importAll: boolean; importCount: string }

function draftOf(limit: ImportLimit): Draft {
  return limit === 'all'
    ? { importAll: true, importCount: '500' }
    : { importAll: false, importCount: String(limit) }
}

/** The limit typed, or null when it is not a whole number of at least 1 written in digits. */
function limitOf(draft: Draft): ImportLimit | null {
  if (draft.importAll) return 'all'
  const text = draft.importCount.trim()
  // Number() alone takes "0x10" as 16 and "1e3" as 1000.
  const count = /^\d+$/.test(text) ? Number(text) : NaN
  return Number.isSafeInteger(count) && count >= 1 ? count : null
}

export function ImportDepthSection({ account }: { account: Account }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const update = useMutation('accounts.update')
  const [draft, setDraft] = useState(() => draftOf(account.importLimit))
  const [invalid, setInvalid] = useState(false)
  const [saved, setSaved] = useState(false)

  // The stored depth replaces what was typed whenever it changes (here or in another window).
  useEffect(() => {
    setDraft(draftOf(account.importLimit))
    setInvalid(false)
  }, [account.importLimit])

  const typed = limitOf(draft)
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setInvalid(typed === null)
    if (typed === null) return
    const response = await update.run({ accountId: account.id, importLimit: typed })
    setSaved(response.ok)
  }

  return (
    <form className="account-settings__section" onSubmit={onSubmit} noValidate data-testid="import-depth">
      <ImportLimitField
        all={draft.importAll}
        count={draft.importCount}
        disabled={update.pending}
        error={invalid ? t('onboarding.errors.importCount') : null}
        onChange={(patch) => {
          setSaved(false)
          setDraft((current) => ({ ...current, ...patch }))
        }}
      />
      <p className="account-settings__hint">{t('accountSettings.importDepth.hint')}</p>
      <div className="account-settings__actions">
        <button
          type="submit"
          className="button button--small"
          disabled={update.pending || typed === account.importLimit}
          data-testid="import-depth-save"
        >
          {t('accountSettings.importDepth.save')}
        </button>
        {saved && typed === account.importLimit ? (
          <span role="status" data-testid="import-depth-saved">
            {t('accountSettings.kind.saved')}
          </span>
        ) : null}
      </div>
      {update.error ? (
        <p className="account-settings__error" role="alert">
          {describeError(update.error)}
        </p>
      ) : null}
    </form>
  )
}
