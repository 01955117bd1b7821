// How many copies of a message the user's last move took from each folder, so that its Undo
// (a putBack) brings back as many as went: two copies of one message in INBOX (delivered twice,
// or copied there by another program) both go to Archive, and both come back. Without it, Undo
// could only bring back one, since a copy already in the destination before the move (a label)
// must stay there.

/** Messages remembered at most; Undo is only offered for the action just taken. */
const REMEMBERED = 10_000

type LastMove = { destId: number; taken: Map<number, number> }

/**
 * Kept in memory: after a restart of the core, Undo brings back one copy of each message, as
 * it did before this was remembered.
 */
export class MovedCopies {
  private readonly last = new Map<number, LastMove>()

  /** A move of the user's took these copies (one source folder per copy) of the message to `destId`. */
  note(messagePk: number, destId: number, fromFolderIds: number[]): void {
    const taken = new Map<number, number>()
    for (const id of fromFolderIds) taken.set(id, (taken.get(id) ?? 0) + 1)
    // Re-inserted, so the oldest entries are the first ones dropped.
    this.last.delete(messagePk)
    this.last.set(messagePk, { destId, taken })
    if (this.last.size > REMEMBERED) this.last.delete(this.last.keys().next().value!)
  }

  /** How many copies the message's last move took from `folderId` into `destId`; 1 when not known. */
  takenFrom(messagePk: number, destId: number, folderId: number): number {
    const last = this.last.get(messagePk)
    return last?.destId === destId ? (last.taken.get(folderId) ?? 1) : 1
  }

  /**
   * How many copies a provisional location of the message in `folderId` stands for: all those
   * its last move took there, while that move has not reached the server; 1 when not known.
   */
  standingFor(messagePk: number, folderId: number): number {
    const last = this.last.get(messagePk)
    if (last?.destId !== folderId) return 1
    return [...last.taken.values()].reduce((sum, n) => sum + n, 0)
  }

  /** Moved again some other way (a putBack, a restore): the last move is no longer the one to undo. */
  forget(messagePks: number[]): void {
    for (const pk of messagePks) this.last.delete(pk)
  }
}
