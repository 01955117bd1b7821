// State and submission of the add-account form. Errors are kept per field so each message
// appears under the input it is about, whether the client or the core found it.
import { useState } from 'react'
import type { Security } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useMutation } from '../../api/use-mutation'
import {
  initialValues,
  toAddAccountInput,
  validate,
  withDetected,
  withEmail,
  withSecurity,
  type AccountFormValues,
  type DerivedField,
  type ServerKind
} from './account-form-state'
import { useFieldErrors } from './use-field-errors'
import { useProviderDetection } from './use-provider-detection'

export { inputIdOf } from './use-field-errors'

export function useAccountForm(onAdded: () => void) {
  const add = useMutation('accounts.add')
  const [values, setValues] = useState<AccountFormValues>(initialValues)
  const [edited, setEdited] = useState<ReadonlySet<DerivedField>>(new Set())
  const errors = useFieldErrors()
  const { touch } = errors

  const markEdited = (field: DerivedField) => setEdited((set) => new Set(set).add(field))

  const detection = useProviderDetection(values.email, (detected) =>
    setValues((v) => withDetected(v, detected, edited))
  )

  const setEmail = (email: string) => {
    touch('email')
    setValues((v) => withEmail(v, email, edited))
  }
  const setField = (field: 'displayName' | 'user' | 'password', text: string) => {
    touch(field)
    if (field === 'user') markEdited('user')
    setValues((v) => ({ ...v, [field]: text }))
  }
  const setServer = (kind: ServerKind, part: 'host' | 'port', text: string) => {
    touch(`${kind}.${part}`)
    markEdited(`${kind}.${part}`)
    setValues((v) => ({ ...v, [kind]: { ...v[kind], [part]: text } }))
  }
  const setSecurity = (kind: ServerKind, security: Security) => {
    touch(`${kind}.security`)
    touch(`${kind}.port`)
    markEdited(`${kind}.security`)
    setValues((v) => withSecurity(v, kind, security))
  }
  const setImport = (patch: Partial<Pick<AccountFormValues, 'importAll' | 'importCount'>>) => {
    touch('importLimit')
    setValues((v) => ({ ...v, ...patch }))
  }

  const submit = async (skipVerify = false) => {
    if (!errors.checked(validate(values))) return
    const response = await add.run(toAddAccountInput(values, skipVerify))
    if (!response.ok) return errors.refused(response.error)
    // The import runs in the background; its progress arrives as sync.progress events.
    void callCommand('sync.run', { accountId: response.value.id })
    onAdded()
  }

  return {
    values,
    pending: add.pending,
    /** Suggested settings for the address, and whether a lookup is running. */
    detection,
    errorOf: errors.errorOf,
    formError: errors.formError,
    /** Offline adding makes sense only when the server could not be reached at all. */
    canSkipVerify: errors.serverError?.code === 'HOST_UNREACHABLE',
    setEmail,
    setField,
    setServer,
    setSecurity,
    setImport,
    submit
  }
}
