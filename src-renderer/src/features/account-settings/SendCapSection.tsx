// The mailbox's daily send cap (off by default): how much it sent in the last 24 hours (and,
// apart, what waits to go and counts too), the cap the outbox enforces, and the provider's own
// limit for Gmail-like accounts.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { DAILY_CAP_MAX, DAILY_CAP_MIN, DEFAULT_CAP, parseDailyCap } from './send-cap'

export function SendCapSection({ accountId, readOnly }: { accountId: number; readOnly: boolean }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const limits = useQuery('outbox.limits', { accountId }, ['outbox'])
  const save = useMutation('outbox.setDailyCap')
  const cap = limits.data?.dailyCap ?? null
  const warnAt = limits.data?.warnAt ?? null
  const [draft, setDraft] = useState('')
  const [invalid, setInvalid] = useState(false)
  // The switch follows the click at once; the stored cap confirms (or, on an error, resets) it.
  const [enabled, setEnabled] = useState(false)

  // The stored cap replaces what was typed whenever it changes (here or in another window).
  useEffect(() => {
    setDraft(cap === null ? '' : String(cap))
    setEnabled(cap !== null)
    setInvalid(false)
  }, [cap])

  const apply = async (dailyCap: number | null) => {
    const response = await save.run({ accountId, dailyCap })
    if (response.ok) limits.reload()
    else setEnabled(cap !== null)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const value = parseDailyCap(draft)
    setInvalid(value === null)
    if (value !== null) void apply(value)
  }

  if (!limits.data) return null
  return (
    <fieldset className="account-settings__section" data-testid="send-cap">
      <legend>{t('accountSettings.sendCap.legend')}</legend>
      <p data-testid="send-cap-sent">
        {cap === null
          ? t('accountSettings.sendCap.sent', { count: limits.data.sentToday })
          : t('accountSettings.sendCap.sentOfCap', { count: limits.data.sentToday, cap })}
        {/* Not sent yet, so not in the count above, but the cap refuses more because of them. */}
        {cap !== null && limits.data.waitingToday > 0
          ? ` ${t('accountSettings.sendCap.waiting', { count: limits.data.waitingToday })}`
          : null}
      </p>
      {readOnly ? null : (
        <label className="account-settings__check">
          <input
            type="checkbox"
            checked={enabled}
            disabled={save.pending}
            data-testid="send-cap-enabled"
            onChange={(event) => {
              setEnabled(event.target.checked)
              void apply(event.target.checked ? (warnAt ?? DEFAULT_CAP) : null)
            }}
          />
          {t('accountSettings.sendCap.enable')}
        </label>
      )}
      {enabled && cap !== null && !readOnly ? (
        <form className="account-settings__row" onSubmit={onSubmit} noValidate>
          <label>
            {t('accountSettings.sendCap.cap')}{' '}
            <input
              type="number"
              inputMode="numeric"
              min={DAILY_CAP_MIN}
              max={DAILY_CAP_MAX}
              value={draft}
              aria-invalid={invalid}
              data-testid="send-cap-value"
              onChange={(event) => setDraft(event.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button button--small"
            disabled={save.pending}
            data-testid="send-cap-save"
          >
            {t('accountSettings.sendCap.save')}
          </button>
        </form>
      ) : null}
      <p className="account-settings__hint">{t('accountSettings.sendCap.hint')}</p>
      {warnAt !== null ? (
        <p className="account-settings__hint" data-testid="send-cap-provider">
          {t('accountSettings.sendCap.provider', { count: warnAt })}
        </p>
      ) : null}
      {invalid ? (
        <p className="account-settings__error" role="alert" data-testid="send-cap-error">
          {t('accountSettings.sendCap.invalid', { min: DAILY_CAP_MIN, max: DAILY_CAP_MAX })}
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
