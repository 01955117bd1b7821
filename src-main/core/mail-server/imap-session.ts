import { isIP } from 'node:net'
import { ImapFlow } from 'imapflow'
import type { ServerSettings } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { sessionLost, sessionOpen } from './guarded-commands'
import { isConnectionError, toServerError } from './server-errors'
import { plainTextToTlsPort } from './tls-probe'

/** A password, or an OAuth2 access token sent with SASL XOAUTH2 (Google, Microsoft). */
export type Credentials = { user: string; password: string } | { user: string; accessToken: string }

/** imapflow's and nodemailer's auth option for either kind of credential. */
export function authOption(
  credentials: Credentials
): { user: string; pass: string } | { user: string; accessToken: string } {
  return 'accessToken' in credentials
    ? { user: credentials.user, accessToken: credentials.accessToken }
    : { user: credentials.user, pass: credentials.password }
}

/**
 * The last command a server refused. imapflow answers a refused MOVE or STORE with `false` and
 * reports the server's text only to its logger, so the logger keeps it for the task that failed.
 */
export class CommandErrors {
  private last: { text: string | null; code: string | null } | null = null

  record(entry: unknown): void {
    const err = (entry as { err?: { responseText?: string; message?: string; serverResponseCode?: string } })
      ?.err
    // The server's own text only: imapflow's "Command failed" says nothing the caller does not.
    if (err) this.last = { text: err.responseText || null, code: err.serverResponseCode ?? null }
  }

  /** The refusal since the last take(), if any, with the server's text when it gave one. */
  take(): { text: string | null; code: string | null } | null {
    const last = this.last
    this.last = null
    return last
  }
}

export type SessionOptions = {
  commandErrors?: CommandErrors
  /** How long a server may stay silent while a command waits for its answer; see STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number
  /**
   * Settings being checked (an account added or signed in again): a server that never greets is
   * probed for TLS, so STARTTLS chosen for a port of implicit TLS says so (tls-probe.ts).
   */
  checkingSettings?: boolean
  /**
   * Gives up connecting when one is aborted (the connect is rejected with its reason): a server
   * that does not answer holds a connect for up to twice CONNECT_TIMEOUT_MS, and whoever gave up on
   * it (a real-time loop being stopped, the account moving to other servers) must not wait for that.
   * Several rather than AbortSignal.any, which keeps memory on a long-lived signal per call.
   */
  signals?: readonly AbortSignal[]
}

export const CONNECT_TIMEOUT_MS = 15_000
/**
 * A connection that goes silent mid-command (a NAT box or VPN that dropped it without a reset)
 * is dead, but nothing tells the client: the command would wait for imapflow's default of five
 * minutes while the pass, and the user's "Sync now" behind it, hang. A live server streams a
 * FETCH without pauses, so 100 s of silence (Thunderbird's mailnews.tcptimeout) is a safe verdict.
 * In IDLE, where silence is normal, imapflow spends the timeout on a NOOP instead, which keeps
 * NAT mappings alive; a NOOP left unanswered for another timeout closes the connection.
 */
export const STALL_TIMEOUT_MS = 100_000

export function imapSecurityOptions(settings: ServerSettings): { secure: boolean; doSTARTTLS?: boolean } {
  if (settings.security === 'tls') return { secure: true }
  // STARTTLS is required, never opportunistic: a stripped STARTTLS must fail, not downgrade.
  if (settings.security === 'starttls') return { secure: false, doSTARTTLS: true }
  return { secure: false, doSTARTTLS: false }
}

/** Opens and authenticates an IMAP session, mapping failures to coded errors. */
export async function openImapSession(
  settings: ServerSettings,
  credentials: Credentials,
  options: SessionOptions = {}
): Promise<ImapFlow> {
  const errors = options.commandErrors
  const ignore = () => undefined
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    ...imapSecurityOptions(settings),
    auth: authOption(credentials),
    // Certificate checks stay on: there is no setting that turns them off silently.
    tls: { rejectUnauthorized: true, ...(isIP(settings.host) ? {} : { servername: settings.host }) },
    logger: errors ? { debug: ignore, info: ignore, warn: (e) => errors.record(e), error: ignore } : false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: options.stallTimeoutMs ?? STALL_TIMEOUT_MS,
    qresync: true,
    disableAutoIdle: true
  })
  // imapflow emits 'error' on socket failures after connect; without a listener Node would crash.
  stallTimeouts.set(client, options.stallTimeoutMs ?? STALL_TIMEOUT_MS)
  client.on('error', (error: unknown) => {
    if (!lossReasons.has(client)) lossReasons.set(client, error)
  })
  const signals = options.signals ?? []
  // imapflow's close() rejects a pending connect at once, whatever step it is in.
  const giveUp = () => client.close()
  for (const signal of signals) signal.addEventListener('abort', giveUp, { once: true })
  try {
    for (const signal of signals) signal.throwIfAborted()
    await client.connect()
    return client
  } catch (error) {
    client.close()
    const aborted = signals.find((s) => s.aborted)
    if (aborted) throw aborted.reason
    const failure = options.checkingSettings ? await plainTextToTlsPort(error, 'imap', settings) : error
    throw toServerError(failure, 'imap', settings.host, options.checkingSettings)
  } finally {
    for (const signal of signals) signal.removeEventListener('abort', giveUp)
  }
}

const lossReasons = new WeakMap<ImapFlow, unknown>()
const stallTimeouts = new WeakMap<ImapFlow, number>()

/**
 * The error a command failed with, or, when it failed because its connection ended, a
 * ConnectionLost saying what ended it: the commands cut short only say "no connection", while the
 * session's own error says the server stopped answering (a stall) or reset the connection.
 * Anything else (a refusal, a database error) is passed on as it is.
 */
export function sessionFailure(client: ImapFlow, error: unknown): unknown {
  if (sessionOpen(client) || error instanceof CoreError || !isConnectionError(error)) return error
  const code = (value: unknown) => (value as { code?: unknown } | null)?.code
  const reason = code(lossReasons.get(client)) ?? code(error)
  return sessionLost(client, typeof reason === 'string' ? reason : 'EConnectionClosed')
}

/**
 * Runs work that leaves the session unused for a while (an SMTP submission, a wait for the
 * account's lane) with a NOOP every half stall timeout: imapflow closes a session that has been
 * silent for that long and is not in IDLE or holding a mailbox, as a stalled one.
 */
export async function keptAlive<T>(client: ImapFlow, work: () => Promise<T>): Promise<T> {
  const every = (stallTimeouts.get(client) ?? STALL_TIMEOUT_MS) / 2
  const timer = setInterval(() => {
    if (sessionOpen(client)) void client.noop().catch(() => undefined)
  }, every)
  try {
    return await work()
  } finally {
    clearInterval(timer)
  }
}

/** How long a LOGOUT may take: the work is done, and only politeness waits for the answer. */
const LOGOUT_WAIT_MS = 5_000

/**
 * Logs out and closes the connection, whatever the server does. imapflow's logout() neither
 * closes nor throws on a session a BYE ended (its socket stayed open until the server closed it),
 * and on a dead connection it waited out the whole stall timeout while the caller, its work done,
 * waited too.
 */
export async function closeImapSession(client: ImapFlow): Promise<void> {
  if (sessionOpen(client)) {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOGOUT_WAIT_MS)))
    await Promise.race([client.logout().catch(() => undefined), late])
    clearTimeout(timer)
  }
  client.close()
}
