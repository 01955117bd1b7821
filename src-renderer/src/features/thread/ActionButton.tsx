// A small toolbar button of the reading pane (message and conversation mail actions).
type ActionButtonProps = {
  testId: string
  label: string
  onClick: () => void
  disabled: boolean
  pressed?: boolean
  danger?: boolean
}

/**
 * `disabled` is aria-disabled, not the attribute: the toolbar waits while an action runs, and a
 * disabled button drops focus to the page, so Enter on Flag left the keyboard at the top.
 */
export function ActionButton({ testId, label, onClick, disabled, pressed, danger }: ActionButtonProps) {
  return (
    <button
      type="button"
      className={`button button--small${danger ? ' button--danger' : ''}`}
      data-testid={testId}
      aria-pressed={pressed}
      aria-disabled={disabled}
      onClick={() => {
        if (!disabled) onClick()
      }}
    >
      {label}
    </button>
  )
}
