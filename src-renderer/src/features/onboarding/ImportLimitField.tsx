import { useTranslation } from 'react-i18next'
import { fieldA11y } from '../../components/Field'

type Props = {
  all: boolean
  count: string
  disabled: boolean
  error: string | null
  onChange: (patch: { importAll?: boolean; importCount?: string }) => void
}

/** "Import the newest N messages per folder" or "all of them". */
export function ImportLimitField({ all, count, disabled, error, onChange }: Props) {
  const { t } = useTranslation()
  return (
    <fieldset className="import-limit" disabled={disabled}>
      <legend>{t('onboarding.importLimit.legend')}</legend>
      <label className="import-limit__option">
        <input
          type="radio"
          name="import-limit"
          checked={!all}
          onChange={() => onChange({ importAll: false })}
        />
        {t('onboarding.importLimit.newest')}
        <input
          {...fieldA11y('account-importLimit', error)}
          className="input--count"
          type="text"
          inputMode="numeric"
          aria-label={t('onboarding.importLimit.countLabel')}
          value={count}
          disabled={all || disabled}
          onChange={(event) => onChange({ importCount: event.target.value, importAll: false })}
        />
        {t('onboarding.importLimit.perFolder')}
      </label>
      <label className="import-limit__option">
        <input
          type="radio"
          name="import-limit"
          checked={all}
          onChange={() => onChange({ importAll: true })}
        />
        {t('onboarding.importLimit.all')}
      </label>
      {error ? (
        <p className="field__error" id="account-importLimit-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
