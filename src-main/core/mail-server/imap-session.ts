import { isIP } from 'node:net'
import { ImapFlow } from 'imapflow'
import type { ServerSettings } from '../../../src-preload/contract'
import { toServerError } from './server-errors'

export type Credentials = { user: string; password: string }

const CONNECT_TIMEOUT_MS = 15_000

export function imapSecurityOptions(settings: ServerSettings): { secure: boolean; doSTARTTLS?: boolean } {
  if (settings.security === 'tls') return { secure: true }
  // STARTTLS is required, never opportunistic: a stripped STARTTLS must fail, not downgrade.
  if (settings.security === 'starttls') return { secure: false, doSTARTTLS: true }
  return { secure: false, doSTARTTLS: false }
}

/** Opens and authenticates an IMAP session, mapping failures to coded errors. */
export async function openImapSession(settings: ServerSettings, credentials: Credentials): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    ...imapSecurityOptions(settings),
    auth: { user: credentials.user, pass: credentials.password },
    // Certificate checks stay on: there is no setting that turns them off silently.
    tls: { rejectUnauthorized: true, ...(isIP(settings.host) ? {} : { servername: settings.host }) },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    qresync: true,
    disableAutoIdle: true
  })
  // imapflow emits 'error' on socket failures after connect; without a listener Node would crash.
  client.on('error', () => undefined)
  try {
    await client.connect()
    return client
  } catch (error) {
    client.close()
    throw toServerError(error, 'imap', settings.host)
  }
}

export async function closeImapSession(client: ImapFlow): Promise<void> {
  try {
    await client.logout()
  } catch {
    client.close()
  }
}
