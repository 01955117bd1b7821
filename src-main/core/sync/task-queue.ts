import type { Database } from 'better-sqlite3'
import { claimLive, endOwner, newOwner } from '../db/process-claim'
import type { MailTask, TaskErrorCode } from '../../../src-preload/contract'

export type FlagsPayload = { messageIds: number[]; add: string[]; remove: string[] }
export type FlagEdit = Pick<FlagsPayload, 'add' | 'remove'>
/**
 * Local changes not on the server yet, per message: its flag edits in the order they were made,
 * or null while a move is pending (its location is about to change).
 */
export type PendingChanges = ReadonlyMap<number, FlagEdit[] | null>

/** Where each message was when the user moved it: what the server move acts on, and the undo. */
export type MoveSource = {
  messagePk: number
  folderId: number
  uidValidity: number
  uid: number
  flags: string[]
  /**
   * For a source still provisional (negative UID): move at most this many of the copies there,
   * when one restore puts the copies of a message into different folders.
   */
  take?: number
}
export type MovePayload = { messageIds: number[]; folderId: number; sources: MoveSource[] }

export type TaskRecord =
  | { id: number; accountId: number; kind: 'flags'; payload: FlagsPayload; attempts: number }
  | { id: number; accountId: number; kind: 'move'; payload: MovePayload; attempts: number }

/**
 * Messages a flag change found gone from where they were and nowhere else, to be looked for
 * again (migration 0040): their Message-IDs, and the places they left.
 */
export type SecondLook = {
  messageIds: string[]
  left: Array<{ messageId: string; messagePk: number; folderId: number; uidValidity: number; uid: number }>
  /** The looks after the first so far. */
  looks: number
  /**
   * The passes over every synced folder that ended well since the first look (notePassOverAll).
   * Absent in looks stored before it was counted: none.
   */
  passes?: number
}

/** When a task runs: when it is due, whether it is a second look, whether it failed last time. */
export type TaskTiming = { runAfter: number; secondLook: SecondLook | null; retrying: boolean }

/** Why a push failed: the text kept with the task, and what kind of text it is (see TaskErrorCode). */
export type TaskFailure = { text: string; code: TaskErrorCode | null }

type TaskRow = {
  id: number
  account_id: number
  kind: 'flags' | 'move'
  payload_json: string
  state: MailTask['state']
  attempts: number
  last_error: string | null
  last_error_code: TaskErrorCode | null
  run_after: number
  created_at: number
  second_look_json: string | null
  claimed_by: string | null
}

/**
 * The persisted queue of user actions waiting for the server. Tasks of an account run in order,
 * one at a time, so a flag change made after a move reaches the message where it now is.
 * Finished tasks are deleted; failed ones stay with their error until the user sees them.
 */
export class TaskQueue {
  /** Who runs this process's tasks (claim): "<pid>:<random>". */
  private readonly owner: string

  constructor(private readonly db: Database) {
    this.owner = newOwner(db)
  }

  enqueue(accountId: number, task: Pick<TaskRecord, 'kind' | 'payload'>): number {
    const now = Date.now()
    return Number(
      this.db
        .prepare(
          'INSERT INTO tasks (account_id, kind, payload_json, run_after, created_at) VALUES (?, ?, ?, ?, ?)'
        )
        .run(accountId, task.kind, JSON.stringify(task.payload), now, now).lastInsertRowid
    )
  }

  /** The account's oldest unfinished task but `skip`, whether or not it is due yet. */
  head(accountId: number, skip: number[] = []): (TaskRecord & TaskTiming) | null {
    const row = this.db
      .prepare(
        `SELECT * FROM tasks WHERE account_id = ? AND state IN ('pending', 'running')
           AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1`
      )
      .get(accountId, JSON.stringify(skip)) as TaskRow | undefined
    if (!row) return null
    return {
      id: row.id,
      accountId: row.account_id,
      kind: row.kind,
      payload: JSON.parse(row.payload_json),
      attempts: row.attempts,
      runAfter: row.run_after,
      secondLook: row.second_look_json === null ? null : (JSON.parse(row.second_look_json) as SecondLook),
      retrying: row.last_error !== null
    } as TaskRecord & TaskTiming
  }

  /**
   * Takes the task for a run by this process (migration 0043): false while another running
   * process has it, in the middle of its own push (`rapport sync` beside the app). A claim left
   * by a process that is gone (a crash) is taken over. In one transaction, so two processes
   * cannot both win.
   */
  claim(id: number): boolean {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT state, claimed_by FROM tasks WHERE id = ?').get(id) as
          Pick<TaskRow, 'state' | 'claimed_by'> | undefined
        if (!row || (row.state !== 'pending' && row.state !== 'running')) return false
        const holder = row.claimed_by
        if (row.state === 'running' && holder !== null && holder !== this.owner && claimLive(this.db, holder))
          return false
        this.db
          .prepare("UPDATE tasks SET state = 'running', claimed_by = ?, attempts = attempts + 1 WHERE id = ?")
          .run(this.owner, id)
        return true
      })
      .immediate()
  }

  done(id: number): void {
    this.db.prepare('DELETE FROM tasks WHERE id = ?').run(id)
  }

  /** Pending again, to look for these messages again from `runAfter` on; not counted as a try. */
  lookAgainLater(id: number, secondLook: SecondLook, runAfter: number): void {
    this.db
      .prepare(
        "UPDATE tasks SET state = 'pending', claimed_by = NULL, attempts = attempts - 1, second_look_json = ?, run_after = ?, last_error = NULL, last_error_code = NULL WHERE id = ?"
      )
      .run(JSON.stringify(secondLook), runAfter, id)
  }

  /**
   * A pass over every synced folder ended well: for each flag change still looking for messages,
   * the places they left have been synced since its first look (SecondLook.passes).
   */
  notePassOverAll(accountId: number): void {
    this.db
      .prepare(
        `UPDATE tasks SET second_look_json = json_set(second_look_json, '$.passes',
           coalesce(json_extract(second_look_json, '$.passes'), 0) + 1)
         WHERE account_id = ? AND state = 'pending' AND second_look_json IS NOT NULL`
      )
      .run(accountId)
  }

  retryLater(id: number, failure: TaskFailure, runAfter: number): void {
    this.db
      .prepare(
        "UPDATE tasks SET state = 'pending', claimed_by = NULL, last_error = ?, last_error_code = ?, run_after = ? WHERE id = ?"
      )
      .run(failure.text, failure.code, runAfter, id)
  }

  fail(id: number, failure: TaskFailure): void {
    this.db
      .prepare(
        "UPDATE tasks SET state = 'failed', claimed_by = NULL, last_error = ?, last_error_code = ? WHERE id = ?"
      )
      .run(failure.text, failure.code, id)
  }

  /**
   * A move that went up except for these messages: it stays, failed, as the move of them alone,
   * so what the user is told ("Move of 1 message to Archive") is what did not happen.
   */
  failMoveOf(task: { id: number; payload: MovePayload }, messageIds: number[], failure: TaskFailure): void {
    this.setPayload(task.id, movingOnly(task.payload, messageIds))
    this.fail(task.id, failure)
  }

  /** The messages and destination of a move that failed for good, or undefined. */
  failedMove(id: number): MovePayload | undefined {
    const row = this.db
      .prepare("SELECT payload_json FROM tasks WHERE id = ? AND kind = 'move' AND state = 'failed'")
      .get(id) as Pick<TaskRow, 'payload_json'> | undefined
    return row ? (JSON.parse(row.payload_json) as MovePayload) : undefined
  }

  /** A failed move of which only these messages are left to tell about (the rest was made). */
  narrowFailedMove(id: number, messageIds: number[]): void {
    const payload = this.failedMove(id)
    if (payload) this.setPayload(id, movingOnly(payload, messageIds))
  }

  private setPayload(id: number, payload: MovePayload): void {
    this.db.prepare('UPDATE tasks SET payload_json = ? WHERE id = ?').run(JSON.stringify(payload), id)
  }

  /**
   * A task that was running when its process died ran at most partly: run it again. One another
   * process is running now (the app, beside `rapport sync`) is left to it.
   */
  recoverInterrupted(): void {
    const running = this.db
      .prepare("SELECT id, claimed_by FROM tasks WHERE state = 'running'")
      .all() as Array<Pick<TaskRow, 'id' | 'claimed_by'>>
    const reset = this.db.prepare(
      "UPDATE tasks SET state = 'pending', claimed_by = NULL WHERE id = ? AND state = 'running'"
    )
    for (const row of running)
      if (row.claimed_by === null || !claimLive(this.db, row.claimed_by)) reset.run(row.id)
  }

  /**
   * This process closes its workspace: the tasks it was running go back to the queue, to be run
   * by the next process (or workspace) at once rather than waiting for this process to exit.
   */
  releaseClaims(): void {
    endOwner(this.owner)
    // A workspace closed twice (after a graceful stop) has no database left to write.
    if (!this.db.open) return
    this.db
      .prepare(
        "UPDATE tasks SET state = 'pending', claimed_by = NULL WHERE state = 'running' AND claimed_by = ?"
      )
      .run(this.owner)
  }

  /** How many of the account's changes are still on their way to the server. */
  pendingCount(accountId: number): number {
    const row = this.db
      .prepare("SELECT count(*) AS n FROM tasks WHERE account_id = ? AND state IN ('pending', 'running')")
      .get(accountId) as { n: number }
    return row.n
  }

  /** Messages whose local change has not reached the server yet. */
  pendingChanges(accountId: number): PendingChanges {
    const rows = this.db
      .prepare(
        `SELECT kind, payload_json FROM tasks WHERE account_id = ? AND state IN ('pending', 'running') ORDER BY id`
      )
      .all(accountId) as Array<Pick<TaskRow, 'kind' | 'payload_json'>>
    const out = new Map<number, FlagEdit[] | null>()
    for (const row of rows) {
      const payload = JSON.parse(row.payload_json) as FlagsPayload | MovePayload
      for (const pk of payload.messageIds) {
        const edits = out.get(pk)
        if (row.kind === 'move' || edits === null) out.set(pk, null)
        else {
          const { add, remove } = payload as FlagsPayload
          out.set(pk, [...(edits ?? []), { add, remove }])
        }
      }
    }
    return out
  }

  /**
   * Where these messages still are on the server while a move of them waits: the sources of the
   * first unfinished move holding each (a later move starts from where that one puts it).
   */
  pendingMoveSources(accountId: number, messageIds: number[]): MoveSource[] {
    const rows = this.db
      .prepare(
        `SELECT payload_json FROM tasks WHERE account_id = ? AND kind = 'move'
           AND state IN ('pending', 'running') ORDER BY id`
      )
      .all(accountId) as Array<Pick<TaskRow, 'payload_json'>>
    const wanted = new Set(messageIds)
    const out: MoveSource[] = []
    for (const row of rows) {
      const payload = JSON.parse(row.payload_json) as MovePayload
      const found = payload.messageIds.filter((pk) => wanted.has(pk))
      for (const pk of found) wanted.delete(pk)
      out.push(...payload.sources.filter((s) => found.includes(s.messagePk) && s.uid > 0))
    }
    return out
  }

  list(filter: { accountId?: number; state?: 'pending' | 'running' | 'failed' }): MailTask[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM tasks WHERE (@accountId IS NULL OR account_id = @accountId)
           AND (@state IS NULL OR state = @state) AND state != 'done' ORDER BY id`
      )
      .all({ accountId: filter.accountId ?? null, state: filter.state ?? null }) as TaskRow[]
    const pathOf = this.db.prepare('SELECT path FROM folders WHERE id = ?')
    const foldersOf = this.db.prepare(
      `SELECT DISTINCT f.path FROM message_locations l JOIN folders f ON f.id = l.folder_id
         WHERE l.message_pk IN (SELECT value FROM json_each(?)) ORDER BY f.path`
    )
    return rows.map((r) => {
      const payload = JSON.parse(r.payload_json) as FlagsPayload | MovePayload
      const flags = r.kind === 'flags' ? (payload as FlagsPayload) : { add: [], remove: [] }
      const folderId = r.kind === 'move' ? (payload as MovePayload).folderId : null
      const folder = folderId === null ? undefined : (pathOf.get(folderId) as { path: string } | undefined)
      return {
        id: r.id,
        accountId: r.account_id,
        kind: r.kind,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        lastErrorCode: r.last_error_code,
        runAfter: new Date(r.run_after).toISOString(),
        createdAt: new Date(r.created_at).toISOString(),
        messageCount: payload.messageIds.length,
        messageIds: payload.messageIds,
        folder: folder?.path ?? null,
        folderId,
        nowIn:
          r.kind === 'move' && r.state === 'failed'
            ? (foldersOf.all(JSON.stringify(payload.messageIds)) as Array<{ path: string }>).map(
                (f) => f.path
              )
            : [],
        added: flags.add,
        removed: flags.remove
      }
    })
  }

  /** Deletes these tasks if they failed for good; a pending one is never dropped this way. */
  dismiss(ids: number[]): number {
    return this.db
      .prepare("DELETE FROM tasks WHERE state = 'failed' AND id IN (SELECT value FROM json_each(?))")
      .run(JSON.stringify(ids)).changes
  }
}

/** The part of a move that concerns these messages. */
function movingOnly(payload: MovePayload, messageIds: number[]): MovePayload {
  const kept = new Set(messageIds)
  return {
    ...payload,
    messageIds: payload.messageIds.filter((pk) => kept.has(pk)),
    sources: payload.sources.filter((s) => kept.has(s.messagePk))
  }
}
