// Without UIDPLUS a server has no UID EXPUNGE, so imapflow removes moved mail (a move without
// MOVE is COPY, STORE \Deleted and EXPUNGE) with a plain EXPUNGE, which erases every message of
// the folder flagged \Deleted. Another program may have marked one and not erased it yet
// (Outlook, Apple Mail, Thunderbird set to "mark as deleted" all offer to undelete it): archiving
// any other message in Rapport erased it for good. Its mark comes off for the EXPUNGE, then back.
import type { ImapFlow } from 'imapflow'
import { commandFailed, searchUids, sessionOpen } from '../mail-server/guarded-commands'
import { chunk, toSequenceSet } from './uid-plan'

/** At most ~11 kB of set even with no two UIDs in a row. */
const UIDS_PER_STORE = 1000

/**
 * Runs `expunging` (work that ends in a plain EXPUNGE of the selected folder) so that it erases
 * only `uids`: the folder's other messages marked \Deleted are unmarked during it, marked again
 * after. A server with UIDPLUS erases only the UIDs named, and nothing is done.
 */
export async function sparingOthersMarkedDeleted<T>(
  client: ImapFlow,
  uids: number[],
  expunging: () => Promise<T>
): Promise<T> {
  if (client.capabilities.has('UIDPLUS')) return expunging()
  const ours = new Set(uids)
  const marked = await searchUids(client, { deleted: true }, 'list the mail marked deleted')
  const others = marked.filter((uid) => !ours.has(uid))
  if (others.length === 0) return expunging()
  // In slices: thousands marked with none in a row (Thunderbird never compacting) are one set too
  // long for a command line (Dovecot refuses past 64 kB), and the move failed at each try.
  const sets = chunk(others, UIDS_PER_STORE).map(toSequenceSet)
  const unmarked: string[] = []
  try {
    for (const set of sets) {
      if (!(await client.messageFlagsRemove(set, ['\\Deleted'], { uid: true })))
        throw commandFailed(client, 'keep mail another program marked deleted')
      unmarked.push(set)
    }
    return await expunging()
  } finally {
    // Not marked again (the connection ended): the other program shows it as not deleted,
    // which loses nothing, unlike the EXPUNGE it was spared.
    for (const set of unmarked) {
      if (!sessionOpen(client)) break
      await client.messageFlagsAdd(set, ['\\Deleted'], { uid: true }).catch(() => false)
    }
  }
}
