// What this mailbox may do in each folder, from the server's access control list (RFC 4314
// MYRIGHTS), asked when the folders are listed on a server that has the ACL extension. Known up
// front, a shared folder this mailbox may only read is labelled before its first refused change,
// its mail is not offered to move or delete, and no mail is moved into it: each of those would
// otherwise be a change the server refuses after Rapport showed it done.
import type { ImapFlow } from 'imapflow'
import { encodePath } from 'imapflow/lib/tools.js'
import { sessionOpen } from '../mail-server/guarded-commands'
import type { FolderRepository } from './folder-repository'

/**
 * Whether the rights include this RFC 4314 letter. An RFC 4314 server adds the obsolete "d" when
 * any delete right is granted (Dovecot answers "lrstid" to "lrsit"), so there "d" says nothing
 * of "t" or "e" alone; only a server from before RFC 4314 (no "t", "e", "k" or "x" in its answer)
 * means "delete and expunge messages" by it (RFC 2086).
 */
const has = (rights: string, right: string): boolean =>
  rights.includes(right) ||
  ((right === 't' || right === 'e') && rights.includes('d') && !/[tekx]/.test(rights))

/** The flags the rights let this mailbox keep, as PERMANENTFLAGS would list them (kept-flags.ts). */
export function keptByRights(rights: string): string[] {
  return [
    ...(has(rights, 's') ? ['\\Seen'] : []),
    ...(has(rights, 'w') ? ['\\Answered', '\\Flagged', '\\Draft', '\\*'] : []),
    ...(has(rights, 't') ? ['\\Deleted'] : [])
  ]
}

/** Whether mail may be moved or copied into the folder (unknown rights: yes, the server decides). */
export const mayAddMail = (rights: string | null): boolean => rights === null || has(rights, 'i')

/** Whether mail may be moved out of (or deleted from) the folder: MOVE needs "t" and "e" (RFC 6851). */
export const mayRemoveMail = (rights: string | null): boolean =>
  rights === null || (has(rights, 't') && has(rights, 'e'))

/**
 * How long rights asked on a connection are taken as current. A watcher's connection lives for
 * days, and rights granted meanwhile should not wait for a reconnect; listings come every pass
 * (a few minutes apart), so asking at each would cost a round trip per folder each time.
 */
export const RIGHTS_FRESH_MS = 10 * 60_000

/** When each folder was last asked about, per connection. */
const asked = new WeakMap<ImapFlow, Map<string, number>>()

/**
 * Asks MYRIGHTS for the account's synced and special-use folders not asked on this connection in
 * the last RIGHTS_FRESH_MS, and records the answers. One round trip per folder, so not for every
 * folder of a large tree: a move into an unsynced folder is left to the server. A server without
 * the ACL extension (any more) has its rights forgotten: every action is left to it again. A
 * folder whose rights cannot be read keeps those recorded before.
 */
export async function recordFolderRights(
  client: ImapFlow,
  folders: FolderRepository,
  accountId: number,
  now = Date.now()
): Promise<void> {
  if (!client.capabilities.has('ACL')) return folders.forgetRights(accountId)
  const askedAt = asked.get(client) ?? new Map<string, number>()
  asked.set(client, askedAt)
  const stale = (path: string) => now - (askedAt.get(path) ?? -Infinity) >= RIGHTS_FRESH_MS
  for (const folder of folders.syncedOrSpecial(accountId).filter((f) => stale(f.path))) {
    askedAt.set(folder.path, now)
    const rights = await myRights(client, folder.path)
    if (rights !== null) folders.setRights(folder.id, rights)
  }
}

/** This mailbox's rights in the folder, or null when the server does not answer with them. */
async function myRights(client: ImapFlow, path: string): Promise<string | null> {
  const encoded = encodePath(client, path)
  let rights: string | null = null
  try {
    const answer = await (client as unknown as ExecClient).exec(
      'MYRIGHTS',
      [{ type: encoded.includes('&') ? 'STRING' : 'ATOM', value: encoded }],
      {
        untagged: {
          MYRIGHTS: async (untagged) => {
            const value = untagged.attributes?.[1]?.value
            if (typeof value === 'string') rights = value.toLowerCase()
          }
        }
      }
    )
    answer.next()
  } catch (error) {
    // A folder the server will not tell about keeps what was known; a lost connection is not
    // about rights, and fails whatever runs next on it.
    if (!sessionOpen(client)) throw error
    return null
  }
  return rights
}

/** imapflow's command sender: not in its typings, and how its own commands (STATUS) send theirs. */
type ExecClient = {
  exec(
    command: string,
    attributes: Array<{ type: string; value: string }>,
    options: {
      untagged: Record<string, (untagged: { attributes?: Array<{ value?: unknown }> }) => Promise<void>>
    }
  ): Promise<{ next(): void }>
}
