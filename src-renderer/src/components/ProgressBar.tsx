import './components.css'

type Props = {
  label: string
  /** Null while how far it is cannot be told: an indeterminate bar (e.g. while connecting). */
  value: number | null
  max: number
}

/**
 * An accessible progress bar. A value out of a max of 0 is work with nothing in it (an empty
 * folder's import: "0 / 0"): that is done, so the bar is full. Shown indeterminate, it read as
 * work under way; screen readers get 100 of 100, as "0 of 0" gives them no share to announce.
 */
export function ProgressBar({ label, value, max }: Props) {
  // Null while it cannot be told; nothing to do counts as all of it done.
  const shown = value === null ? null : max > 0 ? { max, now: value } : { max: 100, now: 100 }
  const percent = shown ? Math.min(100, Math.round((shown.now / shown.max) * 100)) : 0
  return (
    <div
      className={`progress ${shown ? '' : 'progress--indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={shown?.max}
      aria-valuenow={shown?.now}
    >
      <div className="progress__fill" style={shown ? { width: `${percent}%` } : undefined} />
    </div>
  )
}
