import nodemailer, { type Transporter } from 'nodemailer'
import type { SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection'
import type { ServerSettings } from '../../../src-preload/contract'
import type { Credentials } from './imap-session'

const TIMEOUT_MS = 15_000

/**
 * How Rapport talks to an SMTP server, shared by the transport (account checks) and the
 * outbox's own connection, so both connect, secure and time out alike.
 */
export function smtpConnectionOptions(settings: ServerSettings): SMTPConnectionOptions {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    // STARTTLS is required when chosen, never opportunistic; "none" never upgrades.
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    tls: { rejectUnauthorized: true },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 4
  }
}

export function createSmtpTransport(settings: ServerSettings, credentials: Credentials): Transporter {
  return nodemailer.createTransport({
    ...smtpConnectionOptions(settings),
    auth:
      'accessToken' in credentials
        ? { type: 'OAuth2', user: credentials.user, accessToken: credentials.accessToken }
        : { user: credentials.user, pass: credentials.password }
  })
}
