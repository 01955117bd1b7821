// Errors kept per form field, so each message appears under the input it is about, whether the
// client's checks or the core found it; an error for no field shows above the form.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { useErrorMessage } from '../../i18n/error-message'
import { fieldOfError, type FormField } from './account-form-state'

export function inputIdOf(field: FormField, prefix = 'account'): string {
  return `${prefix}-${field.replace('.', '-')}`
}

/**
 * `shown` says which fields the form has: an error about one it leaves out (the password of an
 * account that signs in through its provider) shows above the form instead of nowhere.
 */
export function useFieldErrors(idPrefix = 'account', shown: (field: FormField) => boolean = () => true) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const [clientErrors, setClientErrors] = useState<Partial<Record<FormField, string>>>({})
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const fieldOf = (error: ApiError) => {
    const field = fieldOfError(error)
    return field && shown(field) ? field : null
  }
  const serverField = serverError ? fieldOf(serverError) : null
  const focus = (field: FormField) => document.getElementById(inputIdOf(field, idPrefix))?.focus()
  // The core's answer comes while the form is still disabled for the request (a disabled input
  // cannot take focus): the field is focused after the render that enables it again.
  const [focusRequest, setFocusRequest] = useState<{ field: FormField } | null>(null)
  useEffect(() => {
    if (focusRequest) focus(focusRequest.field)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request
  }, [focusRequest])

  return {
    errorOf(field: FormField): string | null {
      const key = clientErrors[field]
      if (key) return t(key)
      return serverError && serverField === field ? describeError(serverError) : null
    },
    /** A core error not tied to a field, shown above the form. */
    formError: serverError && !serverField ? describeError(serverError) : null,
    serverError,
    /** Editing a field clears the errors that were about it. */
    touch(field: FormField) {
      setClientErrors((errors) => ({ ...errors, [field]: undefined }))
      if (serverField === field) setServerError(null)
    },
    /** The client's checks before sending: false (and the first bad field focused) when any failed. */
    checked(errors: Partial<Record<FormField, string>>): boolean {
      setClientErrors(errors)
      setServerError(null)
      const firstInvalid = Object.keys(errors)[0] as FormField | undefined
      if (firstInvalid) focus(firstInvalid)
      return !firstInvalid
    },
    /** The core's answer: its field (if any) shows the message and takes the focus. */
    refused(error: ApiError) {
      setServerError(error)
      const field = fieldOf(error)
      if (field) setFocusRequest({ field })
    }
  }
}
