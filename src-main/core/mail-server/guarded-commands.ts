// imapflow calls whose failures imapflow hides: a failed command answered as an empty result, a
// FETCH that ends without a word when the session is over, a lock granted on a session a BYE
// ended. Every such call in the core goes through here, so no caller can read a failure as
// "nothing there" and mark mail deleted, UIDs done, or a message unsent.
import type {
  FetchMessageObject,
  FetchOptions,
  FetchQueryObject,
  ImapFlow,
  MailboxLockObject,
  MailboxObject,
  SearchObject
} from 'imapflow'
import { CoreError } from '../errors'
import { ConnectionLost, FolderRefusedForNow, isRefusedForNow, serverWords } from './server-errors'

/**
 * Whether commands can still go over this session. imapflow calls a session unusable only once
 * its socket has closed. After a server's BYE it fails every command at once, answers idle() at
 * once without sending IDLE and noop() without a sign, yet still calls the session usable until
 * the close arrives, which a server going down may send late or never: code that asked `usable`
 * alone re-entered IDLE in a loop at 100 % CPU, or handed work to the dead session.
 */
export function sessionOpen(client: ImapFlow): boolean {
  return client.usable && client.state !== client.states.LOGOUT
}

/** The error for work cut short on a session that is no longer open, with the server's BYE text if it sent one. */
export function sessionLost(client: ImapFlow, reason = 'NoConnection'): ConnectionLost {
  return new ConnectionLost(reason, client.byeReason ?? null)
}

/**
 * imapflow answers a command that failed with `false`, whether the server refused it or the
 * connection ended. Taken for an empty answer, a failed UID SEARCH reads as "the folder is empty"
 * (and its mail as deleted) and a failed search of Sent as "not sent yet" (and the message is sent
 * again). This is the error to throw instead: a lost connection, or the server's refusal.
 */
export function commandFailed(client: ImapFlow, what: string): Error {
  return sessionOpen(client)
    ? new CoreError(
        'SYNC_FAILED',
        `The IMAP server refused to ${what}. Rapport tries again on the next sync.`
      )
    : sessionLost(client)
}

/**
 * UID SEARCH in the selected folder, with a failed search thrown (see commandFailed), never
 * answered as "no messages". Every search goes through here, so none can read a failure as empty.
 */
export async function searchUids(client: ImapFlow, query: SearchObject, what: string): Promise<number[]> {
  const uids = await client.search(query, { uid: true })
  if (!Array.isArray(uids)) throw commandFailed(client, what)
  return uids
}

/**
 * The messages a UID FETCH returns, in the folder selected now. imapflow's fetch() ends with no
 * messages and no error when the session closed before it started, or the server sent BYE: read
 * as a complete answer, a batch would record its UIDs as expunged and the cursor would move past
 * mail never fetched. Ends with ConnectionLost instead unless the session is still open on the
 * folder it started in (a fetch that completed just before a BYE is then repeated, harmlessly).
 */
export async function* fetchMessages(
  client: ImapFlow,
  range: string,
  query: FetchQueryObject,
  options: FetchOptions = {}
): AsyncGenerator<FetchMessageObject> {
  const path = client.mailbox ? client.mailbox.path : null
  yield* client.fetch(range, query, { ...options, uid: true })
  if (!sessionOpen(client) || !client.mailbox || client.mailbox.path !== path) throw sessionLost(client)
}

/** A folder lock with the folder it selected. */
export type FolderLock = MailboxLockObject & { mailbox: MailboxObject }

/**
 * A lock on `path`, selected. After a BYE imapflow grants the lock without selecting anything, with
 * the previous folder still selected: its UIDVALIDITY would read as this folder's (a renumbering
 * that marks all its mail deleted). Throws ConnectionLost instead.
 */
export async function lockFolder(
  client: ImapFlow,
  path: string,
  options?: { readOnly?: boolean }
): Promise<FolderLock> {
  const lock = await client.getMailboxLock(path, options)
  const mailbox = client.mailbox
  if (sessionOpen(client) && mailbox && mailbox.path === lock.path) return { ...lock, mailbox }
  lock.release()
  throw sessionLost(client)
}

const isRefusal = (error: unknown): boolean => (error as { responseStatus?: string }).responseStatus === 'NO'

/** A folder the server refuses to open (gone, or not allowed) answers null; a lost connection is thrown. */
export function skipRefused(error: unknown): null {
  if (isRefusal(error)) return null
  throw error
}

/**
 * A folder the server refuses to open answers why, in its words. A lost connection is thrown, and
 * so is a refusal for now (NO [UNAVAILABLE]): that says nothing of the folder, and the pass that
 * fails on it is retried. With the folder's `path`, that refusal names it.
 */
export function openRefusal(error: unknown, path?: string): { refused: string } {
  if (isRefusedForNow(error)) {
    if (path !== undefined)
      throw new FolderRefusedForNow(path, serverWords(error) ?? (error as Error).message)
    throw error
  }
  return refusalWords(error)
}

/**
 * An INBOX the server refuses to open, for good or for now, answers why; a lost connection is
 * thrown. The real-time loop waits on it either way, on the same session: reconnecting would run
 * a full pass each time.
 */
export function inboxRefusal(error: unknown): { refused: string } {
  return refusalWords(error)
}

function refusalWords(error: unknown): { refused: string } {
  if (!isRefusal(error)) throw error
  return { refused: serverWords(error) ?? (error as Error).message }
}
