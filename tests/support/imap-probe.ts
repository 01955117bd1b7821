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

/** The raw bytes of every message in `folder` with this Message-ID, as another program reads them. */
export async function sourcesByMessageId(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: MailUser,
  folder: string,
  messageId: string
): Promise<Buffer[]> {
  const client = await openTestImap(server, user)
  try {
    const lock = await client.getMailboxLock(folder, { readOnly: true })
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true })
      if (!Array.isArray(uids) || uids.length === 0) return []
      const sources: Buffer[] = []
      for await (const m of client.fetch(uids, { source: true }, { uid: true })) sources.push(m.source!)
      return sources
    } finally {
      lock.release()
    }
  } finally {
    await client.logout()
  }
}

/** The flags of the first message in `folder` with this Message-ID, or null when there is none. */
export async function flagsByMessageId(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: MailUser,
  folder: string,
  messageId: string
): Promise<string[] | null> {
  const client = await openTestImap(server, user)
  try {
    const found = [...(await serverFolder(client, folder)).values()].find((m) => m.messageId === messageId)
    return found?.flags ?? null
  } finally {
    await client.logout()
  }
}

export type FolderState = Map<number, { messageId: string; flags: string[] }>

/** Flags as compared in tests: sorted, without \\Recent (which only the first to look sees). */
export const cleanFlags = (flags: Iterable<string>) => [...flags].filter((f) => f !== '\\Recent').sort()

/** UID -> Message-ID and flags, as the server has them now. */
export async function serverFolder(client: ImapFlow, path: string): Promise<FolderState> {
  const lock = await client.getMailboxLock(path, { readOnly: true })
  try {
    // Still selected from an earlier look, the folder shows only what the server told then; NOOP
    // brings in mail delivered since.
    await client.noop()
    const out: FolderState = new Map()
    if (!client.mailbox || client.mailbox.exists === 0) return out
    for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true }, { uid: true })) {
      out.set(m.uid, { messageId: m.envelope?.messageId ?? '', flags: cleanFlags(m.flags ?? []) })
    }
    return out
  } finally {
    lock.release()
  }
}

/** The Message-IDs in `folder`, as another mail program (a phone) sees it now. */
export async function messageIdsIn(
  server: Pick<DovecotServer, 'host' | 'imapPort'>,
  user: MailUser,
  folder: string
): Promise<string[]> {
  const client = await openTestImap(server, user)
  try {
    return [...(await serverFolder(client, folder)).values()].map((m) => m.messageId)
  } finally {
    await client.logout().catch(() => client.close())
  }
}

/**
 * Another mail program acts on the one message with this Message-ID in `folder` (`uids`: its
 * UID); throws unless exactly one is there, so a test never acts on nothing.
 */
export async function actOnServerMessage(
  server: Pick<DovecotServer, 'host' | 'imapPort' | 'users'>,
  messageId: string,
  act: (other: ImapFlow, uids: string) => Promise<unknown>,
  folder = 'INBOX'
): Promise<void> {
  const other = await openTestImap(server, server.users[0]!)
  try {
    const lock = await other.getMailboxLock(folder)
    try {
      const uids = (await other.search({ header: { 'message-id': messageId } }, { uid: true })) || []
      if (uids.length !== 1) throw new Error(`${messageId} is in ${folder} ${uids.length} times, not once`)
      await act(other, uids.join(','))
    } finally {
      lock.release()
    }
  } finally {
    await other.logout()
  }
}
