// A move out of a folder that will not let this mailbox remove mail, on a server without MOVE.
// There a move is COPY, then STORE \Deleted and EXPUNGE, and neither of the last two says no when
// the folder will not let mail go: imapflow skips a STORE of a flag the folder does not keep
// (read-only, or a shared folder without the RFC 4314 "t" right) without a word, and Dovecot
// answers OK to an EXPUNGE without the "e" right and erases nothing. The move was retried as
// refused without a reason, each try after a COPY had already put the mail in the destination,
// or (without "e") counted as done with the mail in both folders, marked deleted in the source.
import type { ImapFlow, MailboxObject } from 'imapflow'
import { searchUids } from '../mail-server/guarded-commands'
import { flagsNotKept } from './kept-flags'
import { CommandRefused } from './push-refusal'
import { toSequenceSet } from './uid-plan'

/** A copy a move put in its destination before its source refused to let the mail go. */
export type LandedCopy = {
  messagePk: number
  /** Its UID in the destination, when the server said (COPYUID); else the newest of its Message-ID. */
  uid?: number
}

/** The source refused to let mail go; `landed` are the copies already made, to be taken back. */
export class RemovalRefused extends CommandRefused {
  constructor(
    path: string,
    readonly landed: LandedCopy[] = []
  ) {
    super(
      `${path} does not let this mailbox remove mail from it (it may only read it, or add to it), so the mail stays there.`,
      'NOPERM',
      'MAY_NOT_REMOVE'
    )
  }
}

/** Refused before anything is copied: the selected folder does not keep \Deleted for this mailbox. */
export function removalRefused(mailbox: MailboxObject): RemovalRefused | null {
  return flagsNotKept(mailbox, ['\\Deleted']).length > 0 ? new RemovalRefused(mailbox.path) : null
}

/**
 * Of `uids`, which an EXPUNGE of the selected folder should have erased, those still there: the
 * server kept them (no "e" right). Their \Deleted mark comes off again, best effort: a mark left
 * hides nothing Rapport keeps, but other programs show the mail as deleted.
 */
export async function notExpunged(client: ImapFlow, uids: number[], what: string): Promise<Set<number>> {
  if (uids.length === 0) return new Set()
  const left = await searchUids(client, { uid: toSequenceSet(uids) }, what)
  if (left.length > 0) await client.messageFlagsRemove(toSequenceSet(left), ['\\Deleted'], { uid: true })
  return new Set(left)
}

/**
 * The refusal for those of a move's `sources` the EXPUNGE kept (`kept`, by source UID), with
 * where each one's copy landed (`copyOf`, when the server said); null when it kept none.
 */
export function keptRefusal(
  path: string,
  sources: Array<{ uid: number; messagePk: number }>,
  kept: ReadonlySet<number>,
  copyOf: (uid: number) => number | undefined
): RemovalRefused | null {
  if (kept.size === 0) return null
  const landed = sources
    .filter((s) => kept.has(s.uid))
    .map((s) => ({ messagePk: s.messagePk, uid: copyOf(s.uid) }))
  return new RemovalRefused(path, landed)
}
