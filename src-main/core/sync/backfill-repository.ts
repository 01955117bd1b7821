import type { Database } from 'better-sqlite3'

export type BackfillState = 'running' | 'paused' | 'done'
export type BackfillRow = { folderId: number; state: BackfillState; done: number; total: number }
/** A folder in its account's current run of "sync older mail", with what it held when it joined. */
export type RunRow = { folderId: number; state: BackfillState; total: number; base: number }

/** The persisted state of each folder's "sync older mail", so a running one resumes after a restart. */
export class BackfillRepository {
  constructor(private readonly db: Database) {}

  get(folderId: number): BackfillRow | null {
    const row = this.db
      .prepare('SELECT folder_id, state, done, total FROM folder_backfills WHERE folder_id = ?')
      .get(folderId) as { folder_id: number; state: BackfillState; done: number; total: number } | undefined
    return row ? { folderId: row.folder_id, state: row.state, done: row.done, total: row.total } : null
  }

  setState(folderId: number, state: BackfillState, now: number): void {
    this.db
      .prepare(
        `INSERT INTO folder_backfills (folder_id, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (folder_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`
      )
      .run(folderId, state, now)
  }

  /**
   * Called inside the transaction of the slice it counts (`stored` messages). Never touches the
   * state: a pause stands.
   */
  recordProgress(
    folderId: number,
    progress: { done: number; total: number; stored: number },
    now: number
  ): void {
    this.db
      .prepare(
        'UPDATE folder_backfills SET done = ?, total = ?, unmerged = unmerged + ?, updated_at = ? WHERE folder_id = ?'
      )
      .run(progress.done, progress.total, progress.stored, now, folderId)
  }

  /** The messages stored since the indexes were last merged for this backfill; counts from 0 again. */
  takeUnmerged(folderId: number): number {
    const row = this.db.prepare('SELECT unmerged FROM folder_backfills WHERE folder_id = ?').get(folderId) as
      { unmerged: number } | undefined
    this.db.prepare('UPDATE folder_backfills SET unmerged = 0 WHERE folder_id = ?').run(folderId)
    return row?.unmerged ?? 0
  }

  /**
   * Adds the folder to its account's run (the folders the overall figure covers), holding `base`
   * messages now. A folder in the run already keeps its base: a resume goes on with the figure.
   * A run whose folders are all done is over: the folder starts a new one.
   */
  joinRun(folderId: number, accountId: number, base: number): void {
    this.db.transaction(() => {
      if (!this.run(accountId).some((r) => r.state !== 'done')) this.endRun(accountId)
      this.db
        .prepare('UPDATE folder_backfills SET tally_base = coalesce(tally_base, ?) WHERE folder_id = ?')
        .run(base, folderId)
    })()
  }

  /**
   * The folders of the account's current run, by folder id. Not one no longer synced or gone from
   * the server: its backfill waits paused for good, and kept, the run never ended (a figure
   * short of its total ever after, which the next start joined).
   */
  run(accountId: number): RunRow[] {
    const rows = this.db
      .prepare(
        `SELECT b.folder_id, b.state, b.total, b.tally_base FROM folder_backfills b
         JOIN folders f ON f.id = b.folder_id
         WHERE f.account_id = ? AND b.tally_base IS NOT NULL AND f.sync_enabled = 1 AND f.on_server = 1
         ORDER BY b.folder_id`
      )
      .all(accountId) as Array<{ folder_id: number; state: BackfillState; total: number; tally_base: number }>
    return rows.map((r) => ({ folderId: r.folder_id, state: r.state, total: r.total, base: r.tally_base }))
  }

  /**
   * The server renumbered the folder and the re-match placed `heldAfter` of the `heldBefore`
   * messages it had (uidvalidity-rematch.ts). Its base goes down by those it lost: what it fetched
   * in the run stays counted, and the lost ones count as to come again. Kept, a base over what the
   * folder holds now left its share at 0 until it had fetched back past it.
   */
  followRenumbering(folderId: number, heldBefore: number, heldAfter: number): void {
    this.db
      .prepare('UPDATE folder_backfills SET tally_base = max(0, tally_base - ?) WHERE folder_id = ?')
      .run(heldBefore - heldAfter, folderId)
  }

  endRun(accountId: number): void {
    this.db
      .prepare(
        'UPDATE folder_backfills SET tally_base = NULL WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?)'
      )
      .run(accountId)
  }

  /** The server's count from STATUS, for a folder no batch has counted yet (total 0). */
  recordServerCount(folderId: number, messages: number): void {
    this.db
      .prepare('UPDATE folder_backfills SET total = ? WHERE folder_id = ? AND total = 0')
      .run(messages, folderId)
  }

  running(): number[] {
    const rows = this.db
      .prepare("SELECT folder_id FROM folder_backfills WHERE state = 'running' ORDER BY folder_id")
      .all() as Array<{ folder_id: number }>
    return rows.map((r) => r.folder_id)
  }
}
