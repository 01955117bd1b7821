import type { Database } from 'better-sqlite3'

export type BackfillState = 'running' | 'paused' | 'done'
export type BackfillRow = { folderId: number; state: BackfillState; done: number; total: number }

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

  running(): number[] {
    const rows = this.db
      .prepare("SELECT folder_id FROM folder_backfills WHERE state = 'running' ORDER BY folder_id")
      .all() as Array<{ folder_id: number }>
    return rows.map((r) => r.folder_id)
  }
}
