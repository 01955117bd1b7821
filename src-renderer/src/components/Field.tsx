import type { ReactNode } from 'react'
import './components.css'

type Props = {
  id: string
  label: string
  error?: string | null
  hint?: string
  children: ReactNode
}

/** A labelled form control with its error directly underneath, where the user is looking. */
export function Field({ id, label, error, hint, children }: Props) {
  return (
    <div className={`field ${error ? 'field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {hint && !error ? <p className="field__hint">{hint}</p> : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The aria props an input inside <Field> needs so its error is announced with it. */
export function fieldA11y(id: string, error: string | null | undefined) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined
  }
}

type TextFieldProps = Omit<Props, 'children'> & {
  type: string
  autoComplete: string
  value: string
  onChange: (text: string) => void
}

/** A Field holding one text input (names, addresses, passwords: never spell-checked). */
export function TextField({ type, autoComplete, value, onChange, ...field }: TextFieldProps) {
  return (
    <Field {...field}>
      <input
        {...fieldA11y(field.id, field.error)}
        type={type}
        autoComplete={autoComplete}
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  )
}
