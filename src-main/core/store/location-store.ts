import type { Database, Statement } from 'better-sqlite3'
import { ThreadAggregates } from '../threading/thread-aggregates'
import { editFlags, MessageFlags, normalizeFlags } from './message-flags'
import type { PendingChanges } from '../sync/task-queue'

export type ServerFlags = { uid: number; flags: string[]; modseq: string | null }

export type LocationChange = {
  threadIds: Set<number>
  messagePks: number[]
  /** Server flag changes left for a later pass (applyServerFlags: a move waits): none when absent. */
  deferred?: boolean
}

type LocationRow = {
  id: number
  message_pk: number
  uid: number
  flags_json: string
  thread_id: number | null
}

/**
 * Server -> local state of the locations of one folder: flag changes and expunges. The caller
 * wraps each call in the transaction that also records how far the folder is synced.
 */
export class LocationStore {
  private readonly byUid: Statement
  private readonly inFolder: Statement
  private readonly setFlags: Statement
  private readonly remove: Statement
  private readonly remaining: Statement
  private readonly markDeleted: Statement
  private readonly flags: MessageFlags
  private readonly aggregates: ThreadAggregates

  constructor(private readonly db: Database) {
    const select = `SELECT l.id, l.message_pk, l.uid, l.flags_json, m.thread_id
      FROM message_locations l JOIN messages m ON m.id = l.message_pk`
    this.byUid = db.prepare(`${select} WHERE l.folder_id = ? AND l.uid_validity = ? AND l.uid = ?`)
    this.inFolder = db.prepare(`${select} WHERE l.folder_id = ? AND l.uid_validity = ? AND l.uid > 0`)
    this.setFlags = db.prepare('UPDATE message_locations SET flags_json = ?, modseq = ? WHERE id = ?')
    this.remove = db.prepare('DELETE FROM message_locations WHERE id = ?')
    this.remaining = db.prepare('SELECT count(*) AS n FROM message_locations WHERE message_pk = ?')
    this.markDeleted = db.prepare('UPDATE messages SET deleted_on_server = 1 WHERE id = ?')
    this.flags = new MessageFlags(db)
    this.aggregates = new ThreadAggregates(db)
  }

  /** UIDs stored for the folder under this UIDVALIDITY, with their flags (provisional ones left out). */
  local(folderId: number, uidValidity: number): Map<number, string[]> {
    const rows = this.inFolder.all(folderId, uidValidity) as LocationRow[]
    return new Map(rows.map((r) => [r.uid, JSON.parse(r.flags_json) as string[]]))
  }

  /** Which of these UIDs the folder has stored already: looked up one by one, not the whole folder. */
  storedUids(folderId: number, uidValidity: number, uids: number[]): Set<number> {
    return new Set(uids.filter((uid) => uid > 0 && this.byUid.get(folderId, uidValidity, uid) !== undefined))
  }

  /**
   * Writes the server's flags onto the stored locations. A message with a local flag change still
   * on its way to the server gets the server's flags with that change on top: what the server will
   * hold once the change lands, so a flag another client set meanwhile is kept too. A message
   * with a pending move is skipped (`deferred`), to be compared again once the move went up: its
   * location here may be about to go, or be a copy the move leaves (one that was in the move's
   * destination already), whose change a later CHANGEDSINCE would not report again.
   */
  applyServerFlags(
    folderId: number,
    uidValidity: number,
    changes: ServerFlags[],
    pending: PendingChanges
  ): LocationChange {
    const result: LocationChange = { threadIds: new Set(), messagePks: [] }
    for (const change of changes) {
      const row = this.byUid.get(folderId, uidValidity, change.uid) as LocationRow | undefined
      if (!row) continue
      const edits = pending.get(row.message_pk)
      if (edits === null) {
        // Not lost, though: the caller must not record its listing as covering this change.
        result.deferred = true
        continue
      }
      const merged = (edits ?? []).reduce<string[]>((f, e) => editFlags(f, e.add, e.remove), change.flags)
      const flags = JSON.stringify(normalizeFlags(merged))
      if (flags === row.flags_json) continue
      this.setFlags.run(flags, change.modseq, row.id)
      this.flags.merge(row.message_pk)
      result.messagePks.push(row.message_pk)
      if (row.thread_id !== null) result.threadIds.add(row.thread_id)
    }
    this.aggregates.refresh(result.threadIds)
    return result
  }

  /**
   * Drops the locations of messages expunged on the server. A message with no location left
   * stays in Rapport (CRM data hangs off it), marked deleted on the server; if it was moved, the
   * other folder's sync gives it a location again and clears the mark (a draft too, until
   * forgetDrafts).
   */
  removeExpunged(folderId: number, uidValidity: number, uids: number[]): LocationChange {
    const result: LocationChange = { threadIds: new Set(), messagePks: [] }
    for (const uid of uids) {
      const row = this.byUid.get(folderId, uidValidity, uid) as LocationRow | undefined
      if (!row) continue
      this.remove.run(row.id)
      const { n } = this.remaining.get(row.message_pk) as { n: number }
      if (n === 0) this.markDeleted.run(row.message_pk)
      else this.flags.merge(row.message_pk)
      result.messagePks.push(row.message_pk)
      if (row.thread_id !== null) result.threadIds.add(row.thread_id)
    }
    this.aggregates.refresh(result.threadIds)
    return result
  }

  /** The account's drafts (isDraft) that the server has nowhere now. */
  goneDrafts(accountId: number): number[] {
    return this.db
      .prepare(
        `SELECT id FROM messages WHERE account_id = ? AND is_draft = 1
           AND NOT EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = messages.id)`
      )
      .pluck()
      .all(accountId) as number[]
  }

  /**
   * Forgets these drafts if the server still has them nowhere: saved again, sent or thrown away,
   * and nothing hangs off them. Given the drafts already gone when a pass of the folders began,
   * at its end: each has then been missing through a whole pass. A draft another program moves
   * to Trash while a pass runs leaves Drafts, and it may reach a Trash synced earlier in that
   * pass ("Deleted Items" sorts first); forgotten at once, it would come back there as new mail.
   */
  forgetDrafts(ids: number[]): number {
    if (ids.length === 0) return 0
    return this.db
      .prepare(
        `DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?)) AND is_draft = 1
           AND NOT EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = messages.id)`
      )
      .run(JSON.stringify(ids)).changes
  }
}
