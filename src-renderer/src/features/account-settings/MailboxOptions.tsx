// Personal or shared mailbox, and how often the folders other than INBOX are polled.
import { useTranslation } from 'react-i18next'
import type { Account } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'

/** Offered poll intervals, in seconds; 120 is the default. */
export const POLL_CHOICES = [60, 120, 300, 600, 900, 1800] as const
export const DEFAULT_POLL_SECONDS = 120

export function MailboxOptions({ account }: { account: Account }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const update = useMutation('accounts.update')
  const poll = account.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS
  const choices: number[] = POLL_CHOICES.includes(poll as (typeof POLL_CHOICES)[number])
    ? [...POLL_CHOICES]
    : [...POLL_CHOICES, poll].sort((a, b) => a - b)

  return (
    <fieldset className="account-settings__section">
      <legend>{t('accountSettings.kind.legend')}</legend>
      <label className="account-settings__check">
        <input
          type="checkbox"
          checked={account.shared ?? false}
          disabled={update.pending}
          data-testid="account-shared"
          onChange={(event) => void update.run({ accountId: account.id, shared: event.target.checked })}
        />
        {t('accountSettings.kind.shared')}
      </label>
      <p className="account-settings__hint">{t('accountSettings.kind.sharedHint')}</p>
      <label className="account-settings__row">
        {t('accountSettings.kind.poll')}
        <select
          value={poll}
          disabled={update.pending}
          data-testid="account-poll-interval"
          onChange={(event) =>
            void update.run({ accountId: account.id, pollIntervalSeconds: Number(event.target.value) })
          }
        >
          {choices.map((seconds) => (
            <option key={seconds} value={seconds}>
              {t('accountSettings.kind.minutes', { count: seconds / 60 })}
            </option>
          ))}
        </select>
      </label>
      <p className="account-settings__hint">{t('accountSettings.kind.pollHint')}</p>
      {update.error ? (
        <p className="account-settings__error" role="alert">
          {describeError(update.error)}
        </p>
      ) : null}
    </fieldset>
  )
}
