import type { Database, Statement } from 'better-sqlite3'
import type { TrashItem } from '../../../src-preload/contract'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import type { AttachmentCache } from '../store/attachment-cache'
import { ThreadAggregates } from '../threading/thread-aggregates'
import type { FolderRecord } from './folder-repository'
import type { MoveObserver } from './mail-actions'
import { mayAddMail } from './folder-rights'

/** Mail stays in Trash this long, restorable, before Rapport deletes its local copy. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

// A location in a folder other than Trash means the message is not (only) in Trash: never purged.
const ELSEWHERE = `EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
  WHERE l.message_pk = t.message_pk AND coalesce(f.special_use, '') != '\\Trash')`
// A move not yet on the server (a delete made offline): purged now, the move would still run,
// and the next pass would bring the message back from Trash as new mail, kept 30 days more.
const MOVE_PENDING = `EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = t.message_pk AND l.uid < 0)`
// When the 30 days started: the delete, or the last time the sweep saw a copy elsewhere.
const RETENTION_FROM = 'max(t.trashed_at, coalesce(t.elsewhere_at, 0))'
// A disconnected mailbox kept as a read-only archive: nothing in it changes, purges included.
const IN_ARCHIVE = `EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.account_id AND a.state = 'archived')`
// An account no pass has gone over since `passedSince` (a core just started, after Rapport was
// closed for weeks): its locations are the last pass's, and another program may have taken the
// mail out of Trash since. Purged now, it would come back with the pass as new mail (another
// id, its closed conversation reopened). A folder the server refuses to open has no pass to wait for.
const NOT_PASSED = `EXISTS (SELECT 1 FROM folders f WHERE f.account_id = m.account_id AND f.sync_enabled = 1
  AND f.on_server = 1 AND f.open_error IS NULL AND coalesce(f.last_synced_at, 0) < @passedSince)`
// Left Trash: located, but no longer in Trash. (No location at all: deleted on the server from
// Trash, which still counts as in Trash here.)
const LEFT_TRASH = `EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = t.message_pk)
  AND NOT EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = t.message_pk AND f.special_use = '\\Trash')`

// On its way out of Trash: a restore (or move) the server has not taken yet. Refused, the mail
// is back in Trash as it was, so until then its entry is neither forgotten nor "elsewhere".
const LEAVING = `(${LEFT_TRASH}) AND ${MOVE_PENDING}`

type Expired = { message_pk: number; thread_id: number | null }

type TrashRow = {
  message_pk: number
  account_id: number
  subject: string
  from_name: string
  from_address: string
  date: number
  trashed_at: number
  retention_from: number
  origin: string | null
  origin_folder_id: number | null
  origin_folder_ids: string | null
  located: number
  elsewhere: number
}

/**
 * Keeps track of mail in Trash: when it got there and where from (for restore), and purges the
 * local copy after TRASH_RETENTION_MS. Only Rapport's copy goes; the server's Trash is left to
 * the server's own policy. Times come from the injected clock, so tests move a month at once.
 */
export class TrashRetention implements MoveObserver {
  private readonly enter: Statement
  private readonly leave: Statement
  private readonly isTrash: Statement
  private readonly aggregates: ThreadAggregates

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly hlc: HybridClock,
    private readonly cache: AttachmentCache | null
  ) {
    // A user delete starts the retention afresh, even for a message that already had a copy in
    // Trash (another client copied it there long ago): the 30 days count from this delete.
    this.enter = db.prepare(
      `INSERT INTO trash_entries (message_pk, origin_folder_id, origin_folder_ids, trashed_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (message_pk) DO UPDATE SET origin_folder_id = excluded.origin_folder_id,
         origin_folder_ids = excluded.origin_folder_ids, trashed_at = excluded.trashed_at, elsewhere_at = NULL`
    )
    this.leave = db.prepare('DELETE FROM trash_entries WHERE message_pk = ?')
    this.isTrash = db.prepare("SELECT 1 FROM folders WHERE id = ? AND special_use = '\\Trash'")
    this.aggregates = new ThreadAggregates(db)
  }

  /**
   * A user move: into Trash remembers the time and the folders it came from. Out of Trash, it is
   * forgotten only once the server has taken the move (forgetLeftTrash, after the push): one it
   * refuses (the folder deleted there meanwhile) puts the mail back in Trash, where it is listed
   * as before, deleted when it was and from where. A move of copies elsewhere forgets at once.
   */
  noteMoved(moves: Array<{ messagePk: number; fromFolderId: number }>, dest: FolderRecord): void {
    const now = this.clock.now()
    const origins = new Map<number, number[]>()
    for (const move of moves) {
      const from = origins.get(move.messagePk) ?? []
      // One entry per copy: two copies taken from one folder go back there both.
      origins.set(move.messagePk, [...from, move.fromFolderId])
    }
    for (const [pk, from] of origins) {
      if (dest.specialUse !== '\\Trash') {
        if (!from.some((id) => this.isTrash.get(id) !== undefined)) this.leave.run(pk)
      } else this.enter.run(pk, from[0]!, JSON.stringify(from), now)
    }
  }

  /**
   * Records mail that reached Trash some other way (another mail program) as trashed now,
   * forgets mail that left it, and purges what has been there longer than the retention, of
   * accounts whose synced folders have each had a pass since `passedSince` (Date.now() time, as
   * folders.last_synced_at; 0 asks for none).
   */
  sweep(passedSince = 0): { purged: number; threadIds: number[] } {
    const now = this.clock.now()
    const released: string[] = []
    const result = this.db.transaction(() => {
      // The clock went back (set ahead when the mail was deleted, corrected since): a time still to
      // come kept the mail, and "purged on" promised, for as long as the clock had been ahead (a
      // year ahead, 13 months). Counted from now instead: never less than the promised 30 days.
      this.db
        .prepare(
          `UPDATE trash_entries SET trashed_at = min(trashed_at, @now), elsewhere_at = min(elsewhere_at, @now)
           WHERE trashed_at > @now OR elsewhere_at > @now`
        )
        .run({ now })
      this.db
        .prepare(
          `INSERT INTO trash_entries (message_pk, origin_folder_id, trashed_at)
           SELECT DISTINCT l.message_pk, NULL, ? FROM message_locations l JOIN folders f ON f.id = l.folder_id
           WHERE f.special_use = '\\Trash' ON CONFLICT DO NOTHING`
        )
        .run(now)
      this.db.prepare(`DELETE FROM trash_entries AS t WHERE ${LEFT_TRASH} AND NOT ${MOVE_PENDING}`).run()
      // The 30 days count from when the message is in Trash only: one whose other copy another
      // program deletes months after its Trash copy was first seen is not purged at once.
      this.db
        .prepare(`UPDATE trash_entries AS t SET elsewhere_at = ? WHERE ${ELSEWHERE} AND NOT (${LEAVING})`)
        .run(now)
      const expired = this.db
        .prepare(
          `SELECT t.message_pk, m.thread_id FROM trash_entries t JOIN messages m ON m.id = t.message_pk
           WHERE ${RETENTION_FROM} <= @due AND NOT ${ELSEWHERE} AND NOT ${MOVE_PENDING} AND NOT ${IN_ARCHIVE}
             AND NOT ${NOT_PASSED}`
        )
        .all({ due: now - TRASH_RETENTION_MS, passedSince }) as Expired[]
      const attachments = this.db.prepare('SELECT cache_path FROM attachments WHERE message_pk = ?')
      const tombstone = this.db.prepare(`INSERT INTO trash_purged (folder_id, uid_validity, uid, message_id)
        SELECT l.folder_id, l.uid_validity, l.uid, m.message_id
        FROM message_locations l JOIN messages m ON m.id = l.message_pk
        WHERE l.message_pk = ? AND l.uid > 0
        ON CONFLICT DO NOTHING`)
      const remove = this.db.prepare('DELETE FROM messages WHERE id = ?')
      for (const row of expired) {
        for (const a of attachments.all(row.message_pk) as Array<{ cache_path: string | null }>)
          if (a.cache_path) released.push(a.cache_path)
        tombstone.run(row.message_pk)
        remove.run(row.message_pk)
      }
      const threadIds = [...new Set(expired.map((r) => r.thread_id).filter((t): t is number => t !== null))]
      this.aggregates.refresh(threadIds)
      // A conversation left without mail is tombstoned, not deleted: its comments stay recoverable.
      const emptied = this.db.prepare(
        `UPDATE conversations SET deleted = 1, hlc = ? WHERE thread_id = ? AND deleted = 0
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = ?)`
      )
      for (const threadId of threadIds) emptied.run(this.hlc.tick(), threadId, threadId)
      return { purged: expired.length, threadIds }
    })()
    // Not bytes cached within the hour (AttachmentCache.release): an import under way may have
    // parsed a message with the same attachment and not stored it yet.
    this.cache?.release(this.db, released)
    return result
  }

  /**
   * The wall clock was set ahead by `ms` (ClockJumps): Trash times recorded before that are as
   * much too early, and the 30 days count from when the mail really got there. Times recorded
   * after the jump land in the future, where the next sweep brings them back to its now.
   */
  clockSetAhead(ms: number): void {
    this.db
      .prepare('UPDATE trash_entries SET trashed_at = trashed_at + @ms, elsewhere_at = elsewhere_at + @ms')
      .run({ ms: Math.round(ms) })
  }

  list(accountId?: number): TrashItem[] {
    const rows = this.db
      .prepare(
        `SELECT t.message_pk, m.account_id, m.subject, m.from_name, m.from_address, m.date, t.trashed_at,
           ${RETENTION_FROM} AS retention_from, o.path AS origin, t.origin_folder_id, t.origin_folder_ids,
           EXISTS (SELECT 1 FROM message_locations l WHERE l.message_pk = t.message_pk) AS located,
           ${ELSEWHERE} AS elsewhere
         FROM trash_entries t JOIN messages m ON m.id = t.message_pk
         LEFT JOIN folders o ON o.id = t.origin_folder_id
         WHERE (@accountId IS NULL OR m.account_id = @accountId) AND NOT (${LEFT_TRASH})
           -- A draft thrown away by another program is no mail to restore (message-store.ts, isDraft).
           AND m.is_draft = 0
         ORDER BY t.trashed_at DESC, t.message_pk DESC`
      )
      .all({ accountId: accountId ?? null }) as TrashRow[]
    // Where restore puts it: origins deleted on the server since, or that no longer take mail
    // (their rights changed), are left out (it goes to INBOX).
    const originOf = this.db.prepare('SELECT path, my_rights FROM folders WHERE id = ? AND on_server = 1')
    const originsOf = (r: TrashRow): string[] => {
      const ids = r.origin_folder_ids
        ? (JSON.parse(r.origin_folder_ids) as number[])
        : [r.origin_folder_id].filter((id): id is number => id !== null)
      const paths = ids.map((id) => {
        const origin = originOf.get(id) as { path: string; my_rights: string | null } | undefined
        return origin && mayAddMail(origin.my_rights) ? origin.path : undefined
      })
      return [...new Set(paths.filter((p): p is string => p !== undefined))]
    }
    // Times still to come (the clock went back since) read as now, as the next sweep records them.
    const now = this.clock.now()
    return rows.map((r) => ({
      messageId: r.message_pk,
      accountId: r.account_id,
      subject: r.subject,
      from: r.from_address ? { name: r.from_name, address: r.from_address } : null,
      date: new Date(r.date).toISOString(),
      trashedAt: new Date(Math.min(r.trashed_at, now)).toISOString(),
      // In another folder too, it is not purged (sweep): no date to promise until it leaves.
      purgeAt:
        r.elsewhere === 1
          ? null
          : new Date(Math.min(r.retention_from, now) + TRASH_RETENTION_MS).toISOString(),
      originFolder: r.origin,
      originFolders: originsOf(r),
      restorable: r.located === 1
    }))
  }

  /**
   * The messages still in Trash: listed there, or with a copy in a Trash folder. One restored
   * already (by Undo, another window, a list shown before) is not: restoring it again would move
   * it on, from wherever it went back to, to INBOX.
   */
  stillIn(messagePks: number[]): number[] {
    const inTrash = this.db.prepare(
      `SELECT EXISTS (SELECT 1 FROM trash_entries t WHERE t.message_pk = @pk AND NOT (${LEFT_TRASH}))
         OR EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
           WHERE l.message_pk = @pk AND f.special_use = '\\Trash') AS yes`
    )
    return messagePks.filter((pk) => (inTrash.get({ pk }) as { yes: number }).yes === 1)
  }

  /**
   * Where each message goes back to on restore: the folder of each copy it was deleted from, in
   * order, or none (another program put it in Trash; the caller uses INBOX).
   */
  origins(messagePks: number[]): Map<number, number[]> {
    const get = this.db.prepare(
      'SELECT origin_folder_id, origin_folder_ids FROM trash_entries WHERE message_pk = ?'
    )
    return new Map(
      messagePks.map((pk) => {
        const row = get.get(pk) as
          { origin_folder_id: number | null; origin_folder_ids: string | null } | undefined
        if (row?.origin_folder_ids) return [pk, JSON.parse(row.origin_folder_ids) as number[]]
        return [pk, row?.origin_folder_id ? [row.origin_folder_id] : []]
      })
    )
  }
}

/**
 * Forgets the Trash entry of a message a move has taken out of Trash on the server (run after
 * the push, in its transaction): until then a refusal could still put it back.
 */
export function forgetLeftTrash(db: Database): Statement {
  return db.prepare(`DELETE FROM trash_entries AS t WHERE t.message_pk = ? AND ${LEFT_TRASH}`)
}

/** UIDs of a folder whose mail Rapport purged from Trash: the importer skips them. */
export function purgedUids(db: Database, folderId: number, uidValidity: number): Set<number> {
  const rows = db
    .prepare('SELECT uid FROM trash_purged WHERE folder_id = ? AND uid_validity = ?')
    .all(folderId, uidValidity) as Array<{ uid: number }>
  return new Set(rows.map((r) => r.uid))
}

/** Message-IDs of the mail purged from this folder under an older UIDVALIDITY. */
export function purgedMessageIds(db: Database, folderId: number, uidValidity: number): Set<string> {
  const rows = db
    .prepare(
      'SELECT DISTINCT message_id FROM trash_purged WHERE folder_id = ? AND uid_validity != ? AND message_id IS NOT NULL'
    )
    .all(folderId, uidValidity) as Array<{ message_id: string }>
  return new Set(rows.map((r) => r.message_id))
}

/**
 * The folder was renumbered: its tombstones' UIDs are void. Records the purged mail found again
 * by Message-ID (`found`) under the new UIDVALIDITY, so it is not imported again. Mail without a
 * Message-ID header (Rapport made one up) cannot be found that way and comes back, as it would
 * from any other mail program. Called in the reset's transaction.
 */
export function rekeyPurged(
  db: Database,
  folderId: number,
  uidValidity: number,
  found: Array<{ uid: number; messageId: string }>
): void {
  db.prepare('DELETE FROM trash_purged WHERE folder_id = ? AND uid_validity != ?').run(folderId, uidValidity)
  const insert = db.prepare(
    'INSERT INTO trash_purged (folder_id, uid_validity, uid, message_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'
  )
  for (const f of found) insert.run(folderId, uidValidity, f.uid, f.messageId)
}
