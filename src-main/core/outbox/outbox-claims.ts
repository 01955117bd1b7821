// Which process is making an attempt at an outbox row: two Rapport processes on one data directory
// (the app and `rapport sync` in a terminal) never attempt the same message at once.
import { claimLive } from '../db/process-claim'
import { OutboxReads } from './outbox-reads'

/** The claims on outbox rows (migration 0042), under the writes that move a row from state to state. */
export class OutboxClaims extends OutboxReads {
  /**
   * Takes the row for an attempt by this process (`owner`, see migration 0042): false while
   * another running process has it, in the middle of its own attempt. A claim left by a process
   * that is gone (a crash) is taken over. In one transaction, so two processes cannot both win.
   */
  claim(id: number, owner: string): boolean {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT claimed_by FROM outbox WHERE id = ?').get(id) as
          { claimed_by: string | null } | undefined
        if (!row) return false
        const holder = row.claimed_by
        if (holder !== null && holder !== owner && claimLive(this.db, holder)) return false
        this.db.prepare('UPDATE outbox SET claimed_by = ? WHERE id = ?').run(owner, id)
        return true
      })
      .immediate()
  }

  /** Who holds the row for an attempt now ("<pid>:<random>"), live or left by a crash; null: nobody. */
  claimHolder(id: number): string | null {
    const row = this.db.prepare('SELECT claimed_by FROM outbox WHERE id = ?').get(id) as
      { claimed_by: string | null } | undefined
    return row?.claimed_by ?? null
  }

  /** Whether the process a claim names still runs (process-claim.ts): a claim it holds is live. */
  holderRunning(holder: string): boolean {
    return claimLive(this.db, holder)
  }

  /** The attempt is over, whatever became of the row. */
  release(id: number, owner: string): void {
    this.db.prepare('UPDATE outbox SET claimed_by = NULL WHERE id = ? AND claimed_by = ?').run(id, owner)
  }
}
