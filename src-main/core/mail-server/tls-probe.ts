// Telling "this port wants SSL/TLS" apart from "nobody answers". A port of implicit TLS (993, 465)
// waits for the client's TLS hello and says nothing itself, so a client that chose STARTTLS or no
// security sees only a greeting that never comes: alone, that reads as an unreachable host.
import { isIP } from 'node:net'
import { connect, type TLSSocket } from 'node:tls'
import { CoreError } from '../errors'
import { CERTIFICATE_CODES, STANDARD_PORTS, type ServerRole } from './server-errors'

/** How long the probe waits for the handshake: a server that took the connection answers at once. */
const PROBE_TIMEOUT_MS = 5_000

/**
 * No greeting came: the client gave up waiting (imapflow's GREETING_TIMEOUT, nodemailer's
 * ETIMEDOUT of that type), or the server (or a load balancer in front of it) closed the
 * connection first, without a word (imapflow's ClosedAfterConnectText without a BYE, nodemailer's
 * ECONNECTION while connecting, with no reply).
 */
export function noGreeting(error: unknown): boolean {
  const e = error as {
    code?: unknown
    timeoutType?: unknown
    command?: unknown
    response?: unknown
    reason?: unknown
  } | null
  if (e?.code === 'GREETING_TIMEOUT' || e?.timeoutType === 'GREETING_TIMEOUT') return true
  if (e?.code === 'ClosedAfterConnectText') return !e.reason
  return e?.code === 'ECONNECTION' && e.command === 'CONN' && !e.response
}

/** A TLS alert from the server (say, it only speaks an older version): it answered in TLS. */
const TLS_ALERT = /^ERR_SSL_.*ALERT/

/**
 * Whether the server at host:port completes (or answers) a TLS handshake. Only the handshake is
 * done, with certificate checks on, and the connection is closed at once: nothing is sent over it.
 */
export function answersTls(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: TLSSocket
    try {
      socket = connect({ host, port, rejectUnauthorized: true, ...(isIP(host) ? {} : { servername: host }) })
    } catch {
      resolve(false)
      return
    }
    const settle = (answered: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(answered)
    }
    const timer = setTimeout(() => settle(false), timeoutMs)
    socket.once('secureConnect', () => settle(true))
    // A certificate we do not trust, or an alert, still came in a TLS handshake: the port speaks
    // TLS. (`on`: an error after the first must not go unheard, which would end the process.)
    socket.on('error', (error: { code?: string }) => {
      const code = error.code ?? ''
      settle(CERTIFICATE_CODES.has(code) || TLS_ALERT.test(code))
    })
  })
}

/**
 * The error for a connection without TLS from the start that got no greeting: TLS_MISMATCH when
 * the port answers TLS, else the error as it came (the caller maps it as usual). For settings
 * being checked (an account added, signed in again), not for every reconnect of a working one.
 */
export async function plainTextToTlsPort(
  error: unknown,
  role: ServerRole,
  settings: { host: string; port: number; security: string }
): Promise<unknown> {
  if (settings.security === 'tls' || !noGreeting(error)) return error
  if (!(await answersTls(settings.host, settings.port))) return error
  const label = role.toUpperCase()
  return new CoreError(
    'TLS_MISMATCH',
    `The ${label} server at ${settings.host} expects SSL/TLS from the start on port ${settings.port}. Choose SSL/TLS for this port, or STARTTLS with port ${STANDARD_PORTS[role].starttls}.`,
    `${role}.security`
  )
}
