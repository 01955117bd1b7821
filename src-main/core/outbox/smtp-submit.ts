import { Readable, Transform } from 'node:stream'
import SMTPConnection, { type SMTPConnectionAuth } from 'nodemailer/lib/smtp-connection'
import XOAuth2 from 'nodemailer/lib/xoauth2'
import type { AccountRecord } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import type { Credentials } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'
import { smtpConnectionOptions } from '../mail-server/smtp-transport'
import { CoreError } from '../errors'
import { withoutBcc } from '../send/bcc-header'
import { ownAsciiAddress } from './outgoing-message'
import { refusalsOf, type Refusal } from './refused-recipients'

/**
 * The SMTP server took the message (for all recipients but `refused`), or the reason it did not.
 * `handedOver`: the whole message, final dot included, had been written to the connection when
 * it failed, so a failure without a reply may hide a delivery.
 */
export type SubmitResult =
  { ok: true; refused: Refusal[] } | { ok: false; error: unknown; handedOver: boolean }

/**
 * The message as nodemailer's SMTPConnection reads it, noting when all of it went to the socket.
 * `send()` pipes the message into its DataStream (dot-stuffing, then "\r\n.\r\n"), and that stream
 * is piped into the socket (nodemailer smtp-connection `send` and `_createSendStream`). That pipe
 * stops feeding a socket with more than its high-water mark unsent, so the dot is written only once
 * nearly everything before it went out, and the DataStream's 'end' comes right after the dot was
 * written to the socket. Before that the server cannot have the whole message; from then on it may.
 */
class WatchedMessage extends Readable {
  handedOver = false

  constructor(private readonly raw: Buffer) {
    super()
  }

  override _read(): void {
    this.push(this.raw)
    this.push(null)
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    // Anything but a transform would not be that DataStream: then nothing is noted, which keeps
    // the old behaviour (retry) rather than guessing.
    if (destination instanceof Transform) destination.once('end', () => (this.handedOver = true))
    return super.pipe(destination, options)
  }
}

function authFor(credentials: Credentials): SMTPConnectionAuth {
  if ('accessToken' in credentials) {
    const { user, accessToken } = credentials
    return { type: 'OAUTH2', user, method: 'XOAUTH2', oauth2: new XOAuth2({ user, accessToken }) }
  }
  return { user: credentials.user, credentials: { user: credentials.user, pass: credentials.password } }
}

/**
 * Hands the exact bytes, but for their Bcc header (kept for Sent, never sent), to the account's
 * SMTP server for these envelope recipients. It drives
 * nodemailer's SMTPConnection itself (connect, AUTH when offered, send, close: what its SMTP
 * transport does) because the transport's sendMail reports a connection lost before DATA and one
 * lost after the whole message went out with the same error.
 */
export async function submitOverSmtp(
  accountService: AccountService,
  account: AccountRecord,
  recipients: string[],
  raw: Buffer,
  /** Gives up while still connecting or signing in; once the message is on its way, it is too late. */
  signal?: AbortSignal
): Promise<SubmitResult> {
  const attempt = async (renew: boolean): Promise<SubmitResult> => {
    let credentials: Credentials
    try {
      credentials = await accountService.credentials(account, { renew })
    } catch (error) {
      return { ok: false, error: error ?? new Error('unknown SMTP failure'), handedOver: false }
    }
    return submitOnce(account, credentials, recipients, raw, signal)
  }
  const first = await attempt(false)
  // An access token the provider stopped taking before its time (revoked early, a clock behind):
  // one renewal and one more login, as the IMAP login does (SyncService.openSession). The server
  // refused the sign-in, so it cannot have the message.
  if (
    first.ok ||
    account.auth !== 'oauth2' ||
    first.handedOver ||
    first.error instanceof CoreError ||
    toServerError(first.error, 'smtp', account.smtp.host).code !== 'AUTH_FAILED'
  )
    return first
  return attempt(true)
}

function submitOnce(
  account: AccountRecord,
  credentials: Credentials,
  recipients: string[],
  raw: Buffer,
  signal?: AbortSignal
): Promise<SubmitResult> {
  // Here, where every attempt passes (a first try, a retry, the rows of refused recipients): the
  // Bcc recipients are in the envelope, and no recipient may read who they are.
  const message = new WatchedMessage(withoutBcc(raw))
  return new Promise<SubmitResult>((resolve) => {
    const connection = new SMTPConnection(smtpConnectionOptions(account.smtp))
    let settled = false
    let sending = false
    const giveUp = () => {
      if (!sending) fail(signal!.reason)
    }
    signal?.addEventListener('abort', giveUp, { once: true })
    const finish = (result: SubmitResult) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', giveUp)
      // After a 250, QUIT as nodemailer's transport does; after a failure there is nothing to say.
      if (result.ok) connection.quit()
      else connection.close()
      resolve(result)
    }
    const fail = (error: unknown) =>
      finish({ ok: false, error: error ?? new Error('unknown SMTP failure'), handedOver: message.handedOver })
    connection.on('error', fail)
    // A close with nothing waiting for the server ends without an 'error': never leave the send hanging.
    connection.once('end', () =>
      fail(Object.assign(new Error('The SMTP connection closed unexpectedly.'), { code: 'ECONNECTION' }))
    )
    const send = () => {
      sending = true
      connection.send({ from: ownAsciiAddress(account.email), to: recipients }, message, (error, info) =>
        error ? fail(error) : finish({ ok: true, refused: refusalsOf(info) })
      )
    }
    if (signal?.aborted) return giveUp()
    connection.connect((error) => {
      if (error) return fail(error)
      if (!connection.allowsAuth) return send()
      connection.login(authFor(credentials), (loginError) => (loginError ? fail(loginError) : send()))
    })
  })
}
