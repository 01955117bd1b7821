// State and submission of a mailbox's server settings: the core signs in with them before it
// saves anything, so a mistake shows under its field and the account stays as it was.
import { useState } from 'react'
import type { Account, Security } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { withSecurity, type ServerKind } from '../onboarding/account-form-state'
import { useFieldErrors } from '../onboarding/use-field-errors'
import {
  serverSettingsOf,
  toUpdateServersInput,
  usesPassword,
  validateServerSettings,
  type ServerSettingsValues
} from './server-settings-form'
import type { OnServerCheck } from './server-check'

export const SERVER_SETTINGS_ID = 'server-settings'

/** onCheck hears how a check goes even after the form is gone (the dialog closed while it ran). */
export function useServerSettingsForm(account: Account, onSaved: () => void, onCheck?: OnServerCheck) {
  const update = useMutation('accounts.updateServers')
  const [values, setValues] = useState<ServerSettingsValues>(() => serverSettingsOf(account))
  const errors = useFieldErrors(SERVER_SETTINGS_ID, (field) => field !== 'password' || usesPassword(account))

  return {
    values,
    pending: update.pending,
    errorOf: errors.errorOf,
    formError: errors.formError,
    setText(field: 'user' | 'password', text: string) {
      errors.touch(field)
      setValues((v) => ({ ...v, [field]: text }))
    },
    setServer(kind: ServerKind, part: 'host' | 'port', text: string) {
      errors.touch(`${kind}.${part}`)
      setValues((v) => ({ ...v, [kind]: { ...v[kind], [part]: text } }))
    },
    setSecurity(kind: ServerKind, security: Security) {
      errors.touch(`${kind}.security`)
      errors.touch(`${kind}.port`)
      setValues((v) => withSecurity(v, kind, security))
    },
    async submit() {
      if (!errors.checked(validateServerSettings(account, values))) return
      onCheck?.({ state: 'checking' })
      const response = await update.run(toUpdateServersInput(account, values))
      onCheck?.(response.ok ? { state: 'saved' } : { state: 'failed', error: response.error })
      if (!response.ok) return errors.refused(response.error)
      // The core reconnects at the new address, and that first pass fetches what arrived meanwhile.
      onSaved()
    }
  }
}
