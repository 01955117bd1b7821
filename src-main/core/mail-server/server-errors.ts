import { CoreError } from '../errors'
import { NETWORK_CODES } from './network-codes'

/** A certificate the server presented in a TLS handshake that this computer does not trust. */
export const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT'
])
const TLS_CODES = new Set([...CERTIFICATE_CODES, 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO'])
/** A TLS handshake met a server speaking plain text: the port wants another security setting. */
const PLAINTEXT_REPLY = /wrong version number|ERR_SSL_WRONG_VERSION_NUMBER|packet length too long/i
/**
 * IMAP response codes (RFC 5530) with which a server refuses for now, not for good: Dovecot
 * answers a login NO [UNAVAILABLE] while its auth backend is slow. imapflow flags any NO to LOGIN
 * as authenticationFailed, but pausing the account for sign-in would be wrong; reconnecting works.
 * Nor is a folder refused so "not allowed" (guarded-commands.ts): the pass fails and is retried.
 */
export const REFUSED_FOR_NOW = new Set(['UNAVAILABLE', 'INUSE', 'LIMIT'])
/** A command the server refused (NO) with one of the REFUSED_FOR_NOW codes: "try later", not never. */
export function isRefusedForNow(error: unknown): boolean {
  const e = (error ?? {}) as RefusalLike
  // imapflow names the code only for some commands (SELECT, LOGIN); a FETCH's is in its response.
  const code = e.serverResponseCode ?? e.response?.attributes?.[0]?.section?.[0]?.value
  return e.responseStatus === 'NO' && typeof code === 'string' && REFUSED_FOR_NOW.has(code.toUpperCase())
}
type RefusalLike = {
  responseStatus?: string
  serverResponseCode?: string
  response?: { attributes?: Array<{ section?: Array<{ value?: unknown }> }> }
}
/** A folder the server will not open for now (REFUSED_FOR_NOW): the pass fails, naming it. */
export class FolderRefusedForNow extends Error {
  constructor(
    readonly path: string,
    readonly serverText: string
  ) {
    super(`${path} refused for now (${serverText})`)
  }
}

/** imapflow's codes for a connection that ended after it was open: reconnecting, not the settings, is the answer. */
const LOST_CODES = new Set(['NoConnection', 'EConnectionClosed'])

/**
 * A session's connection ended while work was under way on it (`reason`: the socket's or
 * imapflow's code). The host name, port and security were right, since it was open: the message
 * must not send the user there, as a failed connect's does.
 */
export class ConnectionLost extends Error {
  constructor(
    readonly reason: string,
    /** What the server said as it ended the session (its BYE), when it said anything. */
    readonly serverText: string | null = null
  ) {
    super(`connection lost (${serverText ?? reason})`)
  }
}

/**
 * Dovecot ends each answer with its timings ("Permission denied (0.001 + 0.000 secs)."): noise in
 * a sentence shown to the user.
 */
const DOVECOT_TIMINGS = / \((?:\d+\.\d+ \+ )*\d+\.\d+ secs\)(?=\.?$)/

/** The server's own words in an imapflow error (the text of its NO or BAD), when it gave some. */
export function serverWords(error: unknown): string | null {
  const responseText = (error as { responseText?: unknown } | null)?.responseText
  if (typeof responseText !== 'string' || !responseText) return null
  return responseText.replace(DOVECOT_TIMINGS, '')
}

/** An error a command gets when its connection is gone or failing, as opposed to a refusal or a bug. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof ConnectionLost) return true
  const code = (error as ErrorLike | null)?.code ?? ''
  return LOST_CODES.has(code) || UNREACHABLE_CODES.has(code)
}

function lostConnection(host: string, reason: string, serverText: string | null = null): CoreError {
  if (serverText)
    return new CoreError(
      'HOST_UNREACHABLE',
      `The IMAP server ${host} ended the session: “${serverText}” Rapport reconnects on its own; if this keeps happening, the server or your provider can say why.`
    )
  // ETIMEOUT is imapflow's socketTimeout (see STALL_TIMEOUT_MS): the connection went silent.
  return reason === 'ETIMEOUT'
    ? new CoreError(
        'HOST_UNREACHABLE',
        `The IMAP server ${host} stopped answering, so Rapport closed the connection. It reconnects on its own; check that you are online.`
      )
    : new CoreError(
        'HOST_UNREACHABLE',
        `The connection to the IMAP server ${host} was lost (${reason}). Rapport reconnects on its own; check that you are online.`
      )
}
const UNREACHABLE_CODES = new Set([
  ...NETWORK_CODES,
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'ETIMEOUT',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS'
])

type ErrorLike = {
  code?: string
  /** nodemailer keeps the socket's own code here when it reports ESOCKET. */
  originalCode?: string
  message?: string
  authenticationFailed?: boolean
  serverResponseCode?: string
  /** nodemailer: the SMTP server's own reply line, e.g. "454 4.7.0 Too many login attempts". */
  response?: string
  responseText?: string
  responseCode?: number
  /** nodemailer: the SMTP step that failed ("CONN" for the greeting). */
  command?: string
  tlsFailed?: boolean
  cause?: unknown
}

export type ServerRole = 'imap' | 'smtp'

/** The usual port of each security setting, named when a setting does not match its port. */
export const STANDARD_PORTS: Record<ServerRole, { tls: number; starttls: number }> = {
  imap: { tls: 993, starttls: 143 },
  smtp: { tls: 465, starttls: 587 }
}

function isTemporaryCode(responseCode: number | undefined): boolean {
  return typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500
}

/**
 * A TLS certificate (or handshake) the client refused. nodemailer reports it as ESOCKET with the
 * socket's code in originalCode; imapflow passes the socket's code on, sometimes as the cause.
 */
export function isTlsFailure(error: unknown): boolean {
  const e = (error ?? {}) as ErrorLike
  const cause = (e.cause ?? {}) as ErrorLike
  return (
    TLS_CODES.has(e.code ?? cause.code ?? '') ||
    TLS_CODES.has(e.originalCode ?? '') ||
    e.tlsFailed === true ||
    /certificate|self[- ]signed|SSL routines/i.test(String(e.message))
  )
}

/**
 * What Rapport's own database refused (a better-sqlite3 error: SQLITE_FULL, SQLITE_BUSY, …), said
 * as what the user can do about it; null for any other error.
 */
export function databaseProblem(error: unknown): string | null {
  const e = (error ?? {}) as ErrorLike
  const code = e.code ?? (e.cause as ErrorLike | undefined)?.code ?? ''
  if (!code.startsWith('SQLITE_')) return null
  if (code === 'SQLITE_FULL') return 'the disk is full. Free some space on this computer'
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return 'another Rapport process (the app, or a rapport command) is writing to the same data directory. Wait for it to finish, then try again'
  return `its database on this computer reported ${code} (${e.responseText ?? e.message ?? String(error)}). Restart Rapport, and report this if it happens again`
}

/**
 * Turns an imapflow / nodemailer / socket error into a CoreError with a stable code, a message
 * that says what to do, and the form field it belongs to. Unknown errors stay SYNC_FAILED or
 * SEND_FAILED with the server's own text, so nothing is hidden.
 */
export function toServerError(
  error: unknown,
  role: ServerRole,
  host: string,
  /** Settings the user entered, being checked: not saved, so nothing would try again on its own. */
  checkingSettings = false
): CoreError {
  if (error instanceof CoreError) return error
  const e = (error ?? {}) as ErrorLike
  const cause = (e.cause ?? {}) as ErrorLike
  const code = e.code ?? cause.code ?? ''
  const label = role.toUpperCase()
  const serverText = e.responseText ?? e.message ?? String(error)

  // A login refused for now (454 4.7.0 "Too many login attempts", an auth backend that is down)
  // says nothing about the password, so it must not send the user to change it. Only nodemailer
  // (SMTP) gives a numeric responseCode; imapflow's refusals never reach this.
  if (role === 'smtp' && code === 'EAUTH' && isTemporaryCode(e.responseCode)) {
    return new CoreError(
      'SEND_FAILED',
      `The SMTP server ${host} does not let Rapport sign in for the moment (${e.response ?? serverText}). This is temporary, not a wrong password: try again in a few minutes (mail in the Outbox is retried on its own).`
    )
  }
  if (
    (e.authenticationFailed && !REFUSED_FOR_NOW.has(e.serverResponseCode ?? '')) ||
    e.serverResponseCode === 'AUTHENTICATIONFAILED' ||
    code === 'EAUTH' ||
    (role === 'smtp' && e.responseCode === 535)
  ) {
    return new CoreError(
      'AUTH_FAILED',
      `The ${label} server rejected the user name or password (${serverText}). Check them and try again; some providers need an app password.`,
      'password',
      { serverText }
    )
  }
  if (PLAINTEXT_REPLY.test(`${code} ${e.originalCode ?? ''} ${String(e.message)}`)) {
    return new CoreError(
      'TLS_MISMATCH',
      `The ${label} server at ${host} answered without TLS on this port. Choose the security setting that matches the port (SSL/TLS on ${STANDARD_PORTS[role].tls}, STARTTLS on ${STANDARD_PORTS[role].starttls}).`,
      `${role}.security`
    )
  }
  if (isTlsFailure(error)) {
    const tlsCode = e.originalCode ?? code
    return new CoreError(
      'TLS_INVALID',
      `The ${label} server at ${host} did not present a valid TLS certificate (${tlsCode || serverText}). Check the host name, or ask your provider; Rapport never falls back to an unencrypted connection.`,
      `${role}.host`
    )
  }
  // nodemailer's ETLS without a certificate problem: STARTTLS is required when chosen, and this
  // server does not offer it (or refused the command). A security setting to change, as above.
  // Not a 454 "TLS not available due to temporary reason" (RFC 3207): the setting is right, and
  // the Outbox retries it; the server's own words say so.
  if (
    role === 'smtp' &&
    code === 'ETLS' &&
    /STARTTLS/.test(String(e.message)) &&
    !isTemporaryCode(e.responseCode)
  ) {
    return new CoreError(
      'TLS_MISMATCH',
      `The SMTP server at ${host} does not offer STARTTLS on this port (${e.response ?? serverText}). Choose SSL/TLS if the port uses it (usually ${STANDARD_PORTS.smtp.tls}), or the provider's STARTTLS port (usually ${STANDARD_PORTS.smtp.starttls}).`,
      'smtp.security'
    )
  }
  if (error instanceof ConnectionLost) return lostConnection(host, error.reason, error.serverText)
  if (role === 'imap' && (code === 'ETIMEOUT' || LOST_CODES.has(code))) return lostConnection(host, code)
  if (UNREACHABLE_CODES.has(code) || code === 'ESOCKET' || code === 'ECONNECTION' || code === 'EDNS') {
    return new CoreError(
      'HOST_UNREACHABLE',
      `Could not connect to the ${label} server ${host} (${code || serverText}). Check the host name, port and security setting, and that you are online.`,
      `${role}.host`
    )
  }
  if (error instanceof FolderRefusedForNow) {
    return new CoreError(
      'SYNC_FAILED',
      `The IMAP server ${host} will not open ${error.path} for now (${error.serverText}). Rapport tries again at the next sync.`
    )
  }
  if (role === 'imap' && e.authenticationFailed && REFUSED_FOR_NOW.has(e.serverResponseCode ?? '')) {
    // A code of its own: SYNC_FAILED's advice (check the connection) said the opposite of this.
    return new CoreError(
      'LOGIN_REFUSED_FOR_NOW',
      checkingSettings
        ? `The IMAP server ${host} is temporarily refusing logins (${serverText}). This is not a wrong password: try again in a few minutes.`
        : `The IMAP server ${host} is temporarily refusing logins (${serverText}). This is not a wrong password; Rapport keeps trying.`,
      undefined,
      { serverText, ...(checkingSettings ? { settingsCheck: true } : {}) }
    )
  }
  // Not the server at all: Rapport's own database refused the write. Blaming the server would
  // send the user to the wrong place; a full disk is the one they can fix themselves.
  const what = databaseProblem(error)
  if (what) {
    return new CoreError(
      role === 'imap' ? 'SYNC_FAILED' : 'SEND_FAILED',
      `Rapport could not save what it fetched: ${what}. Nothing on the server was changed, and the sync goes on where it stopped.`
    )
  }
  return new CoreError(
    role === 'imap' ? 'SYNC_FAILED' : 'SEND_FAILED',
    `The ${label} server said: ${serverText}`
  )
}

/**
 * An SMTP failure while settings are checked (an account added, servers changed), as the form can
 * show it at a field. Past toServerError's rules, a greeting that is not SMTP's (an IMAP port
 * typed for SMTP answers "* OK", nodemailer's EPROTOCOL at CONN) would stay SEND_FAILED: "The
 * message could not be sent … check the recipients", above the form, while nothing was being sent
 * and the port is what is wrong. A sign-in only the SMTP server refuses is said at its fields.
 */
export function toSmtpCheckError(error: unknown, host: string): CoreError {
  const e = (error ?? {}) as ErrorLike
  // A greeting with an SMTP reply code (421 busy, 554 this address refused) is an SMTP server:
  // the port is right, and its own words say what is wrong.
  if (
    !(error instanceof CoreError) &&
    e.code === 'EPROTOCOL' &&
    e.command === 'CONN' &&
    typeof e.responseCode !== 'number'
  ) {
    return new CoreError(
      'HOST_UNREACHABLE',
      `The server at ${host} did not answer as an SMTP (outgoing mail) server on this port (${e.response ?? e.message}). Check the port: usually ${STANDARD_PORTS.smtp.tls} for SSL/TLS, ${STANDARD_PORTS.smtp.starttls} for STARTTLS.`,
      'smtp.port'
    )
  }
  const coreError = toServerError(error, 'smtp', host)
  // The IMAP server took this sign-in a moment ago: the SMTP server's refusal (sending switched
  // off for the account, a separate password for sending) belongs at its fields, not at the
  // password, which the user would otherwise retype in vain. Rapport's own credential errors
  // (CoreError, e.g. an OAuth token) stay where they are.
  if (coreError.code === 'AUTH_FAILED' && !(error instanceof CoreError)) {
    return new CoreError(
      'AUTH_FAILED',
      `The SMTP (outgoing mail) server ${host} refused the sign-in the IMAP server accepted (${e.response ?? e.message}). Check the outgoing server, or ask your provider whether this account may send mail (some need SMTP sign-in switched on, or an app password).`,
      'smtp.host'
    )
  }
  return coreError
}
