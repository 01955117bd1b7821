// "Send later": a date and time for the message; empty means send now (after the undo delay).
// A problem with the time (in the past) is shown here, at the picker, not with the text.
import { useTranslation } from 'react-i18next'

type Props = {
  id: string
  value: string
  onChange: (value: string) => void
  disabled?: boolean
  /** Why the chosen time was refused, shown under it and announced with it. */
  error?: string | null
}

/** A time as a datetime-local value: local time, to the minute. */
function localValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** The value of a datetime-local input, in local time, an hour from now rounded to the minute. */
export function defaultLaterValue(now = new Date()): string {
  return localValue(new Date(now.getTime() + 60 * 60_000))
}

/** A datetime-local value (local time) as the ISO time the contract takes; null when empty or invalid. */
export function laterToIso(value: string): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

export function SendLater({ id, value, onChange, disabled, error }: Props) {
  const { t } = useTranslation()
  const on = value !== ''
  return (
    <div className="send-later">
      <label className="send-later__toggle">
        <input
          type="checkbox"
          checked={on}
          disabled={disabled}
          data-testid={`${id}-toggle`}
          onChange={(event) => onChange(event.target.checked ? defaultLaterValue() : '')}
        />
        {t('outbox.sendLater')}
      </label>
      {on ? (
        <input
          id={id}
          type="datetime-local"
          aria-label={t('outbox.sendLaterAt')}
          // The picker offers no time already gone (the core refuses those).
          min={localValue(new Date())}
          value={value}
          disabled={disabled}
          data-testid={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : null}
      {on && error ? (
        <p className="field__error send-later__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
