import './components.css'

type Props = {
  label: string
  value: number | null
  max: number
}

/** An accessible progress bar; value null shows an indeterminate bar (e.g. while connecting). */
export function ProgressBar({ label, value, max }: Props) {
  const known = value !== null && max > 0
  const percent = known ? Math.min(100, Math.round((value / max) * 100)) : 0
  return (
    <div
      className={`progress ${known ? '' : 'progress--indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? value : undefined}
    >
      <div className="progress__fill" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  )
}
