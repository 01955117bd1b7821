// How many copies of a message the user's last move took from each folder, so that its Undo
// (a putBack) brings back as many as went: two copies of one message in INBOX (delivered twice,
// or copied there by another program) both go to Archive, and both come back. Without it, Undo
// could only bring back one, since a copy already in the destination before the move (a label)
// must stay there.

/** Messages remembered at most; Undo is only offered for the action just taken. */
const REMEMBERED = 10_000

/** For each folder the last move put copies in: how many it took from each folder. */
type LastMove = Map<number, Map<number, number>>

/** One copy a move took: from a folder, to a folder. */
export type MovedCopy = { from: number; to: number }

/**
 * Kept in memory: after a restart of the core, Undo brings back one copy of each message, as
 * it did before this was remembered.
 */
export class MovedCopies {
  private readonly last = new Map<number, LastMove>()

  /**
   * A move of the user's took these copies of the message: a move, a putBack or a restore. Each
   * is remembered, the last two too: the copy they leave in a folder, provisional until their
   * task runs, stands for every copy they put there, which the next move takes on the server.
   */
  note(messagePk: number, copies: MovedCopy[]): void {
    const move: LastMove = new Map()
    for (const { from, to } of copies) {
      const taken = move.get(to) ?? new Map<number, number>()
      taken.set(from, (taken.get(from) ?? 0) + 1)
      move.set(to, taken)
    }
    // Re-inserted, so the oldest entries are the first ones dropped.
    this.last.delete(messagePk)
    this.last.set(messagePk, move)
    if (this.last.size > REMEMBERED) this.last.delete(this.last.keys().next().value!)
  }

  /** How many copies the message's last move took from `folderId` into `destId`; 1 when not known. */
  takenFrom(messagePk: number, destId: number, folderId: number): number {
    return this.last.get(messagePk)?.get(destId)?.get(folderId) ?? 1
  }

  /**
   * How many copies a provisional location of the message in `folderId` stands for: all those
   * its last move put there, while that move has not reached the server; 1 when not known.
   */
  standingFor(messagePk: number, folderId: number): number {
    const taken = this.last.get(messagePk)?.get(folderId)
    if (!taken) return 1
    return [...taken.values()].reduce((sum, n) => sum + n, 0)
  }
}
