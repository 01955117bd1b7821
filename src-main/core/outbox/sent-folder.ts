import type { ImapFlow } from 'imapflow'
import { lockFolder, searchUids } from '../mail-server/guarded-commands'
import { serverWords, toServerError } from '../mail-server/server-errors'
import { recordServerFolders } from '../sync/folder-listing'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'

export type SentCopy = { folder: FolderRecord; uid: number | null; uidValidity: number }

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

/** The copy of this Message-ID in Sent, if the server (or an earlier attempt) put one there. */
export async function findInSent(
  client: ImapFlow,
  folder: FolderRecord,
  messageId: string
): Promise<SentCopy | null> {
  const lock = await lockFolder(client, folder.path)
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
  date: Date
): Promise<SentCopy> {
  const found = await findInSent(client, folder, messageId)
  if (found) return found
  const appended = await client.append(folder.path, raw, ['\\Seen'], date)
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
