// A connected mailbox's servers and user name as a form: filled from the account, checked on the
// client, and turned into the `accounts.updateServers` input. Free of React, like the add form.
import type { Account, CommandInput } from '../../../../src-preload/contract'
import {
  toServerSettings,
  validateServers,
  type FormField,
  type ServerForm,
  type ServerForms
} from '../onboarding/account-form-state'

export type ServerSettingsValues = ServerForms & { user: string; password: string }

const formOf = (server: Account['imap']): ServerForm => ({
  host: server.host,
  port: String(server.port),
  security: server.security
})

export function serverSettingsOf(account: Account): ServerSettingsValues {
  return { user: account.user, password: '', imap: formOf(account.imap), smtp: formOf(account.smtp) }
}

/** An OAuth2 mailbox signs in through its provider, so it has no password to type. */
export const usesPassword = (account: Account) => account.auth !== 'oauth2'

/**
 * Client-side checks (i18n keys per field). The password may stay empty, keeping the saved one,
 * except on an archive: disconnecting deleted it.
 */
export function validateServerSettings(
  account: Account,
  values: ServerSettingsValues
): Partial<Record<FormField, string>> {
  const errors = validateServers(values)
  if (!values.user.trim()) errors.user = 'onboarding.errors.required'
  if (usesPassword(account) && account.state === 'archived' && !values.password)
    errors.password = 'onboarding.errors.required'
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
