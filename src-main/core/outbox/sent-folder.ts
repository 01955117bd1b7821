import type { ImapFlow } from 'imapflow'
import { lockFolder, openRefusal, searchUids } from '../mail-server/guarded-commands'
import { serverWords, toServerError } from '../mail-server/server-errors'
import { recordServerFolders } from '../sync/folder-listing'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'

export type SentCopy = { folder: FolderRecord; uid: number | null; uidValidity: number }
/** Sent is there, but the server will not let this mailbox open it (no right to read): its words. */
export type SentUnreadable = { unreadable: string }

export const isUnreadable = (found: SentCopy | SentUnreadable | null): found is SentUnreadable =>
  found !== null && 'unreadable' in found

/** The copy a look in Sent found: none when there is none, or when Sent could not be read. */
export const copyFound = (found: SentCopy | SentUnreadable | null): SentCopy | null =>
  isUnreadable(found) ? null : found

/** The account's Sent folder, listing the folders first when no pass has seen them yet. */
export async function sentFolderOf(
  client: ImapFlow,
  folders: FolderRepository,
  accountId: number
): Promise<FolderRecord | null> {
  // A Sent folder deleted on the server keeps its row (and its \Sent mark) with on_server = 0:
  // searching or appending there fails every time, which left a retried message "sending" for ever.
  const known = folders.bySpecialUse(accountId, '\\Sent')
  if (known?.onServer) return known
  await recordServerFolders(client, folders, accountId)
  const listed = folders.bySpecialUse(accountId, '\\Sent')
  return listed?.onServer ? listed : null
}

/**
 * The copy of this Message-ID in Sent, if the server (or an earlier attempt) put one there; or,
 * when the server refuses to open Sent, that it cannot be told.
 */
export async function findInSent(
  client: ImapFlow,
  folder: FolderRecord,
  messageId: string
): Promise<SentCopy | SentUnreadable | null> {
  const lock = await lockFolder(client, folder.path).catch((error: unknown) =>
    // Gone since it was listed: as with no Sent folder at all, there is no copy to find.
    (error as { mailboxMissing?: boolean }).mailboxMissing ? null : openRefusal(error)
  )
  if (!lock) return null
  if ('refused' in lock) return { unreadable: lock.refused }
  try {
    // Sent may already be selected (a pass just synced it): SEARCH then sees only the messages
    // of the last sync of the view, not one the SMTP server filed a moment ago. NOOP syncs it.
    await client.noop()
    // A failed search is not "not there": an attempt that may have gone out would be sent again.
    const uids = await searchUids(client, { header: { 'message-id': messageId } }, `search ${folder.path}`)
    if (uids.length === 0) return null
    const uidValidity = Number(lock.mailbox.uidValidity)
    return { folder, uid: Math.min(...uids), uidValidity }
  } finally {
    lock.release()
  }
}

/** Appends the sent bytes to Sent, unless the server already saved them there itself (Gmail does). */
export async function ensureInSent(
  client: ImapFlow,
  folder: FolderRecord,
  messageId: string,
  raw: Buffer,
  date: Date,
  /** The flags the copy gets: \Seen, or what the user set on the message shown meanwhile. */
  flags: string[] = ['\\Seen']
): Promise<SentCopy> {
  // A Sent this mailbox may add to but not read cannot show a copy the server filed itself; a
  // server that files sent mail lets its owner read it, so the copy is added.
  const found = copyFound(await findInSent(client, folder, messageId))
  if (found) return found
  const appended = await client.append(folder.path, raw, flags, date)
  if (!appended) throw new Error(`the server refused to append to ${folder.path}`)
  return {
    folder,
    uid: appended.uid ?? null,
    uidValidity: Number(appended.uidValidity ?? folder.uidValidity ?? 0)
  }
}

/**
 * Why the server would not take the copy for Sent, in its own words (its NO's text) when it gave
 * some: the Outbox says "did not keep a copy" in the user's language around them.
 */
export function copyRefusalText(error: unknown, host: string): string {
  return serverWords(error) ?? toServerError(error, 'imap', host).message
}

/** Why a message whose earlier try may have gone out waits for the user: Sent cannot be read. */
export function sentUnreadableText(path: string, serverText: string): string {
  return `Rapport tried to send this message before and cannot rule out that it went then, so it looks in ${path} before sending it again; the server would not let it open ${path} (${serverText}). It was not sent again, to avoid a duplicate. If the recipients did not get it, choose Retry to send it anyway.`
}
