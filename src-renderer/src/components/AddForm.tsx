// The "add one more" form under a list (a contact's leads, teams, members): submitting runs one
// contract command, a success clears the inputs, and a refusal shows right under the form.
import type { FormEvent, ReactNode } from 'react'
import type { CommandInput, CommandName } from '../../../src-preload/contract'
import { useMutation } from '../api/use-mutation'
import { SaveError } from './SaveError'

type Props<K extends CommandName> = {
  command: K
  /** The command's input, built from the form's fields when it is submitted. */
  input: () => CommandInput<K>
  /** Clears the fields: called only after the core accepted the new item. */
  onAdded: () => void
  submitLabel: string
  className: string
  primary?: boolean
  testId?: string
  /** The form's fields. */
  children: ReactNode
}

export function AddForm<K extends CommandName>(props: Props<K>) {
  const { command, input, onAdded, submitLabel, className, primary, testId, children } = props
  const add = useMutation(command)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const response = await add.run(input())
    if (response.ok) onAdded()
  }
  return (
    <>
      <form className={className} onSubmit={(event) => void submit(event)} data-testid={testId}>
        {children}
        <button
          type="submit"
          className={`button button--small${primary ? ' button--primary' : ''}`}
          disabled={add.pending}
        >
          {submitLabel}
        </button>
      </form>
      <SaveError error={add.error} testId={testId ? `${testId}-error` : undefined} />
    </>
  )
}
