// State and submission of the add-account form. Errors are kept per field so each message
// appears under the input it is about, whether the client or the core found it.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Security } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'
import {
  fieldOfError,
  initialValues,
  toAddAccountInput,
  validate,
  withDetected,
  withEmail,
  withSecurity,
  type AccountFormValues,
  type DerivedField,
  type FormField,
  type ServerKind
} from './account-form-state'
import { useProviderDetection } from './use-provider-detection'

export function inputIdOf(field: FormField): string {
  return `account-${field.replace('.', '-')}`
}

export function useAccountForm(onAdded: () => void) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const add = useMutation('accounts.add')
  const [values, setValues] = useState<AccountFormValues>(initialValues)
  const [edited, setEdited] = useState<ReadonlySet<DerivedField>>(new Set())
  const [clientErrors, setClientErrors] = useState<Partial<Record<FormField, string>>>({})
  const [serverError, setServerError] = useState<ApiError | null>(null)

  const serverField = serverError ? fieldOfError(serverError) : null

  const errorOf = (field: FormField): string | null => {
    const key = clientErrors[field]
    if (key) return t(key)
    return serverError && serverField === field ? describeError(serverError) : null
  }

  /** Editing a field clears the errors that were about it. */
  const touch = (field: FormField) => {
    setClientErrors((errors) => ({ ...errors, [field]: undefined }))
    if (serverField === field) setServerError(null)
  }

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
    const errors = validate(values)
    setClientErrors(errors)
    setServerError(null)
    const firstInvalid = Object.keys(errors)[0] as FormField | undefined
    if (firstInvalid) {
      document.getElementById(inputIdOf(firstInvalid))?.focus()
      return
    }
    const response = await add.run(toAddAccountInput(values, skipVerify))
    if (!response.ok) {
      setServerError(response.error)
      const field = fieldOfError(response.error)
      if (field) document.getElementById(inputIdOf(field))?.focus()
      return
    }
    // The import runs in the background; its progress arrives as sync.progress events.
    void callCommand('sync.run', { accountId: response.value.id })
    onAdded()
  }

  return {
    values,
    pending: add.pending,
    /** Suggested settings for the address, and whether a lookup is running. */
    detection,
    errorOf,
    /** A core error not tied to a field, shown above the form. */
    formError: serverError && !serverField ? describeError(serverError) : null,
    /** Offline adding makes sense only when the server could not be reached at all. */
    canSkipVerify: serverError?.code === 'HOST_UNREACHABLE',
    setEmail,
    setField,
    setServer,
    setSecurity,
    setImport,
    submit
  }
}
