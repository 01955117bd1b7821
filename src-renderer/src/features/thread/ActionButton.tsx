// A small toolbar button of the reading pane (message and conversation mail actions).
type ActionButtonProps = {
  testId: string
  label: string
  onClick: () => void
  disabled: boolean
  pressed?: boolean
  danger?: boolean
}

export function ActionButton({ testId, label, onClick, disabled, pressed, danger }: ActionButtonProps) {
  return (
    <button
      type="button"
      className={`button button--small${danger ? ' button--danger' : ''}`}
      data-testid={testId}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      {label}
    </button>
  )
}
