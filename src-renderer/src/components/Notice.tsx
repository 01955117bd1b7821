import type { ReactNode } from 'react'
import './components.css'

type Props = {
  tone: 'info' | 'warning' | 'error'
  children: ReactNode
  /** Buttons shown at the end of the notice. */
  actions?: ReactNode
  testId?: string
}

/** A full-width strip for app-level news: sample data, lost connection, keychain warnings. */
export function Notice({ tone, children, actions, testId }: Props) {
  // Errors interrupt screen readers; the rest is announced politely.
  return (
    <div
      className={`notice notice--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="notice__text">{children}</div>
      {actions ? <div className="notice__actions">{actions}</div> : null}
    </div>
  )
}
