// A connected mailbox's servers and user name as a form: filled from the account, checked on the
// client, and turned into the `accounts.updateServers` input. Free of React, like the add form.
import type { Account, CommandInput } from '../../../../src-preload/contract'
import {
  toServerForm,
  toServerSettings,
  validateServers,
  type FormField,
  type ServerForms
} from '../onboarding/account-form-state'

export type ServerSettingsValues = ServerForms & { user: string; password: string }

export function serverSettingsOf(account: Account): ServerSettingsValues {
  return {
    user: account.user,
    password: '',
    imap: toServerForm(account.imap),
    smtp: toServerForm(account.smtp)
  }
}

/** An OAuth2 mailbox signs in through its provider, so it has no password to type. */
export const usesPassword = (account: Account) => account.auth !== 'oauth2'

/** The servers whose host differs from the account's. */
const movedHosts = (account: Account, values: ServerSettingsValues) =>
  (['imap', 'smtp'] as const).filter(
    (kind) => values[kind].host.trim().toLowerCase() !== account[kind].host.toLowerCase()
  )

/**
 * Client-side checks (i18n keys per field), the core's rules: the password may stay empty,
 * keeping the saved one, except on an archive (disconnecting deleted it) and for a new host (a
 * saved secret only goes to the server it was saved for). An OAuth2 mailbox keeps its
 * provider's hosts.
 */
export function validateServerSettings(
  account: Account,
  values: ServerSettingsValues
): Partial<Record<FormField, string>> {
  const errors = validateServers(values)
  if (!values.user.trim()) errors.user = 'onboarding.errors.required'
  const moved = movedHosts(account, values)
  if (!usesPassword(account)) {
    for (const kind of moved) errors[`${kind}.host`] ??= 'accountSettings.servers.providerHosts'
  } else if (!values.password) {
    if (account.state === 'archived') errors.password = 'onboarding.errors.required'
    else if (moved.length > 0) errors.password = 'accountSettings.servers.passwordForNewHost'
  }
  return errors
}

export function toUpdateServersInput(
  account: Account,
  values: ServerSettingsValues
): CommandInput<'accounts.updateServers'> {
  return {
    accountId: account.id,
    user: values.user.trim(),
    ...(usesPassword(account) && values.password ? { password: values.password } : {}),
    imap: toServerSettings(values.imap),
    smtp: toServerSettings(values.smtp)
  }
}
