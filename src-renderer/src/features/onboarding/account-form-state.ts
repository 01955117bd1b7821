// The add-account form as plain data: defaults, the helpful derivations (user name and hosts
// from the e-mail address, ports from the security choice), client-side checks and the
// conversion to the `accounts.add` input. Kept free of React so it reads as the form's rules.
import {
  MAILBOX_ADDRESS_PATTERN,
  withPlainDomain,
  type ApiError,
  type CommandInput,
  type DetectedSettings,
  type Security,
  type ServerSettings
} from '../../../../src-preload/contract'

export type ServerKind = 'imap' | 'smtp'
export type ServerForm = { host: string; port: string; security: Security }
export type AccountFormValues = {
  email: string
  displayName: string
  user: string
  password: string
  imap: ServerForm
  smtp: ServerForm
  importAll: boolean
  importCount: string
}

/** Form fields by their dotted path, the same paths the core uses in `error.field`. */
export const formFields = [
  'email',
  'displayName',
  'user',
  'password',
  'imap.host',
  'imap.port',
  'imap.security',
  'smtp.host',
  'smtp.port',
  'smtp.security',
  'importLimit'
] as const
export type FormField = (typeof formFields)[number]

/** Fields filled in for the user (from the address, or by detection) until they edit them themselves. */
export type DerivedField = 'user' | `${ServerKind}.host` | `${ServerKind}.port` | `${ServerKind}.security`

export const defaultPorts: Record<ServerKind, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 }
}

export const DEFAULT_IMPORT_COUNT = 500

export function initialValues(): AccountFormValues {
  return {
    email: '',
    displayName: '',
    user: '',
    password: '',
    imap: { host: '', port: String(defaultPorts.imap.tls), security: 'tls' },
    smtp: { host: '', port: String(defaultPorts.smtp.tls), security: 'tls' },
    importAll: false,
    importCount: String(DEFAULT_IMPORT_COUNT)
  }
}

/**
 * Applies a new e-mail address and re-derives the fields the user has not edited, from the
 * address with a plain domain: ana@qq。com, typed through an IME, signs in as ana@qq.com.
 */
export function withEmail(values: AccountFormValues, email: string, edited: ReadonlySet<DerivedField>) {
  const plain = withPlainDomain(email)
  const domain = plain.includes('@') ? (plain.split('@').pop()?.trim() ?? '') : ''
  const next = { ...values, email }
  if (!edited.has('user')) next.user = plain
  if (!edited.has('imap.host')) next.imap = { ...next.imap, host: domain ? `imap.${domain}` : '' }
  if (!edited.has('smtp.host')) next.smtp = { ...next.smtp, host: domain ? `smtp.${domain}` : '' }
  return next
}

/** Both servers as typed: the add-account form and a mailbox's server settings share them. */
export type ServerForms = Record<ServerKind, ServerForm>

/** Changes the security of one server, moving the port along if it was still the default. */
export function withSecurity<T extends ServerForms>(values: T, kind: ServerKind, security: Security): T {
  const server = values[kind]
  const wasDefault = server.port === String(defaultPorts[kind][server.security])
  const port = wasDefault ? String(defaultPorts[kind][security]) : server.port
  return { ...values, [kind]: { ...server, security, port } }
}

// The contract's own pattern: internationalized domains and address literals ([IPv6:…]) pass.
export const EMAIL_PATTERN = MAILBOX_ADDRESS_PATTERN

/**
 * Applies detected settings (accounts.detect) to the fields the user has not touched. A server
 * the user changed in any part (host, port or security) is left alone as a whole, so a
 * suggestion never mixes with what they typed. One detection has no suggestion for (a domain
 * that says it has no IMAP server) is emptied, for the user to type as the hint asks.
 */
export function withDetected(
  values: AccountFormValues,
  detected: DetectedSettings,
  edited: ReadonlySet<DerivedField>
): AccountFormValues {
  const next = { ...values }
  if (!edited.has('user')) next.user = detected.user
  for (const kind of ['imap', 'smtp'] as const) {
    const touched = (['host', 'port', 'security'] as const).some((part) => edited.has(`${kind}.${part}`))
    const suggested = detected[kind]
    if (touched) continue
    // No server to suggest: the host typing the address guessed (imap.<domain>) goes, so the
    // field waits empty beside the hint rather than offer what the domain says is not there.
    next[kind] = suggested ? toServerForm(suggested) : { ...next[kind], host: '' }
  }
  return next
}

function isPort(text: string): boolean {
  const port = Number(text)
  return /^\d+$/.test(text) && port >= 1 && port <= 65535
}

/** Client-side checks; returns i18n keys per field. The core validates again regardless. */
export function validate(values: AccountFormValues): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {}
  if (!values.email.trim()) errors.email = 'onboarding.errors.required'
  else if (!EMAIL_PATTERN.test(values.email.trim())) errors.email = 'onboarding.errors.email'
  if (!values.user.trim()) errors.user = 'onboarding.errors.required'
  if (!values.password) errors.password = 'onboarding.errors.required'
  Object.assign(errors, validateServers(values))
  // In digits only: Number() alone takes "0x10" as 16 and "1e3" as 1000.
  const count = /^\d+$/.test(values.importCount.trim()) ? Number(values.importCount) : NaN
  if (!values.importAll && !(Number.isSafeInteger(count) && count >= 1))
    errors.importLimit = 'onboarding.errors.importCount'
  return errors
}

/** A host and a port for each server. */
export function validateServers(values: ServerForms): Partial<Record<FormField, string>> {
  const errors: Partial<Record<FormField, string>> = {}
  for (const kind of ['imap', 'smtp'] as const) {
    if (!values[kind].host.trim()) errors[`${kind}.host`] = 'onboarding.errors.required'
    if (!isPort(values[kind].port.trim())) errors[`${kind}.port`] = 'onboarding.errors.port'
  }
  return errors
}

/** Settings as the form shows them (the port as text), and back. */
export const toServerForm = (server: ServerSettings): ServerForm => ({
  host: server.host,
  port: String(server.port),
  security: server.security
})

export const toServerSettings = (form: ServerForm) => ({
  host: form.host.trim(),
  port: Number(form.port),
  security: form.security
})

export function toAddAccountInput(
  values: AccountFormValues,
  skipVerify: boolean
): CommandInput<'accounts.add'> {
  return {
    email: values.email.trim(),
    displayName: values.displayName.trim() || undefined,
    user: values.user.trim(),
    password: values.password,
    imap: toServerSettings(values.imap),
    smtp: toServerSettings(values.smtp),
    importLimit: values.importAll ? 'all' : Number(values.importCount),
    skipVerify: skipVerify || undefined
  }
}

/** The servers as typed, for an OAuth2 sign-in; a server left incomplete falls back to the provider's. */
export function serversForOAuth(values: AccountFormValues) {
  const server = (form: ServerForm) =>
    form.host.trim() && isPort(form.port.trim()) ? toServerSettings(form) : undefined
  const count = Number(values.importCount)
  return {
    // The name typed above the sign-in button goes on the account, as with a password.
    displayName: values.displayName.trim() || undefined,
    imap: server(values.imap),
    smtp: server(values.smtp),
    importLimit: values.importAll
      ? ('all' as const)
      : Number.isInteger(count) && count >= 1
        ? count
        : undefined
  }
}

/** Which form field a core error belongs to, or null to show it above the form. */
export function fieldOfError(error: ApiError): FormField | null {
  const field = error.field
  if (!field) return null
  if ((formFields as readonly string[]).includes(field)) return field as FormField
  if (field === 'imap' || field === 'smtp') return `${field}.host`
  if (field.startsWith('importLimit')) return 'importLimit'
  return null
}
