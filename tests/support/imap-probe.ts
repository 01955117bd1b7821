// The test side's own IMAP view of the server, to check what Rapport did there. Plain IMAP on
// loopback without STARTTLS (the test Dovecot's certificate is self-signed on purpose).
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import type { DovecotServer, MailUser } from './dovecot'

export async function openTestImap(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: MailUser,
  options: Partial<ImapFlowOptions> = {}
): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.user, pass: user.password },
    logger: false,
    ...options
  })
  await client.connect()
  return client
}

/** How many messages in `folder` carry this Message-ID. */
export async function countByMessageId(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: MailUser,
  folder: string,
  messageId: string
): Promise<number> {
  const client = await openTestImap(server, user)
  try {
    const lock = await client.getMailboxLock(folder)
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true })
      return Array.isArray(uids) ? uids.length : 0
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
}
