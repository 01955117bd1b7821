// A real SMTP submission server for tests, delivering into Dovecot over LMTP.
//
// The client under test speaks real SMTP (AUTH PLAIN/LOGIN, no TLS on loopback) to this server;
// each accepted message is handed to Dovecot's LMTP listener with nodemailer, using the SMTP
// envelope, so it lands in the recipients' INBOX exactly as on a real server.
//
//   const relay = await startSmtpRelay({ lmtpHost: dovecot.host, lmtpPort: dovecot.lmtpPort, users })
//   afterAll(() => relay.stop())
import { SMTPServer, type SMTPServerAddress } from 'smtp-server'
import nodemailer from 'nodemailer'
import type { AddressInfo } from 'node:net'
import type { MailUser } from './dovecot.js'

export interface RelayedMessage {
  from: string
  /** Every envelope recipient the relay accepted. */
  to: string[]
  /** Those that are Dovecot users and got the message in their INBOX. */
  deliveredTo: string[]
  /** The rest: "relayed to the outside world", i.e. accepted and dropped, as a real relay would. */
  external: string[]
  raw: Buffer
}

export interface SmtpRelay {
  host: '127.0.0.1'
  port: number
  /** Every message accepted and delivered, in order. */
  received: RelayedMessage[]
  /** Messages whose DATA arrived and that are not yet answered. */
  readonly inFlight: number
  /** Logins refused so far (535): a client must not keep trying one the server refuses. */
  readonly refusedLogins: number
  stop(): Promise<void>
}

/** An SMTP error to answer with, e.g. { code: 550, message: '5.1.1 No such user' }. */
export interface SmtpRejection {
  code: number
  message: string
}

export interface SmtpRelayOptions {
  lmtpHost: string
  lmtpPort: number
  /** When given, AUTH must match one of them; otherwise any credentials are accepted. */
  users?: MailUser[]
  /**
   * Called for each RCPT TO. Return null to accept, a string to reject with 550 and that text,
   * or { code, message } for another code (e.g. 452 for a temporary failure).
   */
  reject?: (rcpt: string) => string | SmtpRejection | null
  /** When given, AUTH XOAUTH2 is offered too and a bearer token is accepted when this says so. */
  verifyAccessToken?: (user: string, accessToken: string) => Promise<boolean>
  /** Listen on this port (to come back on the same port after stop(), like a server restart). */
  port?: number
  /**
   * Called after the message is delivered and before the client hears 250: a Gmail-like server
   * saves it to the sender's Sent here, and a crash test kills the client here.
   */
  onAccepted?: (message: RelayedMessage, user: string) => Promise<void> | void
}

type SmtpError = Error & { responseCode?: number }

function smtpError(code: number, message: string): SmtpError {
  const err: SmtpError = new Error(message)
  err.responseCode = code
  return err
}

type LmtpError = Error & { code?: string; rejected?: string[]; rejectedErrors?: Array<{ response?: string }> }

/**
 * Hands the message to Dovecot over LMTP. Recipients LMTP refuses permanently (5xx: no such
 * user) are treated as external addresses: a real submission server would relay them onward.
 * A temporary (4xx) refusal or a connection problem rejects the whole message.
 */
async function deliver(
  lmtp: ReturnType<typeof nodemailer.createTransport>,
  from: string,
  to: string[],
  raw: Buffer
): Promise<{ deliveredTo: string[]; external: string[] }> {
  const permanent = (errs: Array<{ response?: string }> = []): boolean =>
    errs.every((e) => (e.response ?? '').startsWith('5'))
  try {
    const info = await lmtp.sendMail({ envelope: { from, to }, raw })
    const rejected = info.rejected.map(String)
    if (!permanent(info.rejectedErrors as LmtpError['rejectedErrors']))
      throw new Error(`LMTP deferred ${rejected}`)
    return { deliveredTo: to.filter((r) => !rejected.includes(r)), external: rejected }
  } catch (err) {
    const e = err as LmtpError
    if (e.code === 'EENVELOPE' && e.rejected?.length === to.length && permanent(e.rejectedErrors)) {
      return { deliveredTo: [], external: to }
    }
    throw err
  }
}

export async function startSmtpRelay(opts: SmtpRelayOptions): Promise<SmtpRelay> {
  const received: RelayedMessage[] = []
  let inFlight = 0
  let refusedLogins = 0
  // ignoreTLS: Dovecot's LMTP offers STARTTLS with a self-signed cert; loopback needs no TLS.
  const lmtp = nodemailer.createTransport({
    lmtp: true,
    host: opts.lmtpHost,
    port: opts.lmtpPort,
    ignoreTLS: true
  })

  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: opts.verifyAccessToken ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    logger: false,
    closeTimeout: 2000, // stop() ends connections a test left open instead of waiting 30 s
    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const verify = opts.verifyAccessToken ?? (async () => false)
        void verify(auth.username ?? '', auth.accessToken ?? '').then(
          (ok) =>
            ok
              ? callback(null, { user: auth.username })
              : callback(null, { data: { status: '401', schemes: 'bearer' } }),
          (err: Error) => callback(err)
        )
        return
      }
      const ok =
        !opts.users || opts.users.some((u) => u.user === auth.username && u.password === auth.password)
      if (!ok) {
        refusedLogins++
        return callback(smtpError(535, '5.7.8 Authentication credentials invalid'))
      }
      callback(null, { user: auth.username })
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const verdict = opts.reject?.(address.address) ?? null
      if (verdict === null) return callback()
      const { code, message } = typeof verdict === 'string' ? { code: 550, message: verdict } : verdict
      callback(smtpError(code, message))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('error', (err) => callback(err))
      stream.on('end', () => {
        inFlight++
        const raw = Buffer.concat(chunks)
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        const to = session.envelope.rcptTo.map((r) => r.address)
        // Recipients go to LMTP as-is: Dovecot's auth_username_format=%n maps alice@x to alice.
        deliver(lmtp, from, to, raw)
          .then(async ({ deliveredTo, external }) => {
            const message = { from, to, deliveredTo, external, raw }
            received.push(message)
            await opts.onAccepted?.(message, String(session.user ?? ''))
          })
          .then(
            () => callback(null, 'Delivered'),
            (err: Error) => callback(smtpError(451, `4.3.0 LMTP delivery failed: ${err.message}`))
          )
          .finally(() => inFlight--)
      })
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  // After startup, a client error must not crash the test process.
  server.on('error', () => {})
  const port = (server.server.address() as AddressInfo).port

  let stopped: Promise<void> | null = null
  return {
    host: '127.0.0.1',
    port,
    received,
    get inFlight() {
      return inFlight
    },
    get refusedLogins() {
      return refusedLogins
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => lmtp.close())
      return stopped
    }
  }
}
