// "Send later": a date and time for the message; empty means send now (after the undo delay).
import { useTranslation } from 'react-i18next'

type Props = { id: string; value: string; onChange: (value: string) => void; disabled?: boolean }

/** The value of a datetime-local input, in local time, a minute from now rounded to the minute. */
export function defaultLaterValue(now = new Date()): string {
  const next = new Date(now.getTime() + 60 * 60_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}T${pad(next.getHours())}:${pad(next.getMinutes())}`
}

/** A datetime-local value (local time) as the ISO time the contract takes; null when empty or invalid. */
export function laterToIso(value: string): string | null {
  if (!value) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

export function SendLater({ id, value, onChange, disabled }: Props) {
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
          value={value}
          disabled={disabled}
          data-testid={id}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : null}
    </div>
  )
}
