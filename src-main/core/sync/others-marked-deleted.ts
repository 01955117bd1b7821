// Without UIDPLUS a server has no UID EXPUNGE, so imapflow removes moved mail (a move without
// MOVE is COPY, STORE \Deleted and EXPUNGE) with a plain EXPUNGE, which erases every message of
// the folder flagged \Deleted. Another program may have marked one and not erased it yet
// (Outlook, Apple Mail, Thunderbird set to "mark as deleted" all offer to undelete it): archiving
// any other message in Rapport erased it for good. Its mark comes off for the EXPUNGE, then back.
import type { ImapFlow } from 'imapflow'
import { CoreError } from '../errors'
import { commandFailed, searchUids, sessionOpen } from '../mail-server/guarded-commands'
import type { CommandErrors } from '../mail-server/imap-session'
import { CommandRefused, refused } from './push-refusal'
import { chunk, toSequenceSet } from './uid-plan'

/** At most ~11 kB of set even with no two UIDs in a row. */
const UIDS_PER_STORE = 1000

/**
 * Runs `expunging` (work that ends in a plain EXPUNGE of the selected folder) so that it erases
 * only `uids`: the folder's other messages marked \Deleted are unmarked during it, marked again
 * after. A server with UIDPLUS erases only the UIDs named, and nothing is done. With `errors`
 * (a task's session), a refused unmarking is thrown as push-refusal.ts tells refusals: in the
 * server's words, with its code, so a task fails at once where the refusal is for good.
 */
export async function sparingOthersMarkedDeleted<T>(
  client: ImapFlow,
  uids: number[],
  expunging: () => Promise<T>,
  errors?: CommandErrors
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
        throw errors
          ? refused(client, errors, 'Could not keep mail another program marked deleted')
          : commandFailed(client, 'keep mail another program marked deleted')
      unmarked.push(set)
    }
    await expectUnmarked(client, ours, others)
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

/**
 * Throws unless `others` have lost their mark and no other message has gained one. Dovecot answers
 * OK to a STORE of \Deleted the mailbox has no right to make (a folder read-only for it, or without
 * the RFC 4314 't' right) and changes nothing: the EXPUNGE after it erased the mail another
 * program had only marked (with the 'e' right), or the move was retried for minutes as refused
 * without a reason (without it). That leaves every one of them marked, and is for good. Some
 * still marked, or others newly marked, is another program marking meanwhile: tried again later,
 * sparing those too.
 */
async function expectUnmarked(client: ImapFlow, ours: Set<number>, others: number[]): Promise<void> {
  const still = await searchUids(client, { deleted: true }, 'list the mail marked deleted')
  const othersNow = still.filter((uid) => !ours.has(uid))
  if (othersNow.length === 0) return
  const stillSet = new Set(othersNow)
  if (others.every((uid) => stillSet.has(uid))) {
    throw new CommandRefused(
      `${folderName(client)} cannot keep this change: the server does not let this mailbox take the deleted mark off mail another program marked deleted there, so Rapport cannot remove mail from it without erasing that mail too.`,
      'NOPERM',
      'FLAGS_NOT_KEPT'
    )
  }
  throw new CoreError(
    'SYNC_FAILED',
    `Another mail program marked mail deleted in ${folderName(client)} while Rapport was removing mail from it. Rapport tries again on the next sync, sparing that mail.`
  )
}

const folderName = (client: ImapFlow): string => (client.mailbox ? client.mailbox.path : 'the folder')
