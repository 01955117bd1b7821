// One address field of New message (To, Cc or Bcc): the same input, parsing and checks for each.
import type { ReactNode, Ref } from 'react'
import { Field, fieldA11y } from '../../components/Field'

type Props = {
  field: 'to' | 'cc' | 'bcc'
  label: string
  value: string
  error: string | null
  hint?: string
  inputRef?: Ref<HTMLInputElement>
  onChange: (value: string) => void
  /** Beside the input: the To field's buttons that show Cc and Bcc. */
  children?: ReactNode
}

export function RecipientField({ field, label, value, error, hint, inputRef, onChange, children }: Props) {
  const id = `composer-${field}`
  return (
    <Field id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <div className="composer__recipients">
        <input
          {...fieldA11y(id, error)}
          ref={inputRef}
          type="text"
          autoComplete="email"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={id}
        />
        {children}
      </div>
    </Field>
  )
}
