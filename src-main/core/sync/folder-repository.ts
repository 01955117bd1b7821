import type { Database } from 'better-sqlite3'
import type { Folder } from '../../../src-preload/contract'
import { prepared } from '../db/statement-cache'
import { MessageFlags } from '../store/message-flags'
import { ThreadAggregates } from '../threading/thread-aggregates'
import { feasibleMoves, type RenameSample } from './folder-renames'
import { mayAddMail, mayRemoveMail } from './folder-rights'
import { flagsNotKeptByFolder } from './kept-flags'
import { keepingHeldRoles } from './special-use-names'
import { RENUMBERED } from './server-numbering'

export type FolderRecord = {
  id: number
  accountId: number
  path: string
  name: string
  specialUse: string | null
  syncEnabled: boolean
  uidValidity: number | null
  uidNext: number | null
  highestModseq: string | null
  lowestSyncedUid: number | null
  onServer: boolean
  /** Known to keep none of the flags Rapport sets (kept-flags.ts): read-only for this mailbox. */
  readOnly: boolean
  /** This mailbox's RFC 4314 rights in the folder (folder-rights.ts); null when not known. */
  rights: string | null
  /** False when the rights are known not to allow moving mail in (folder-rights.ts). */
  canAddMail: boolean
  /** False when the rights are known not to allow moving or deleting mail out of it. */
  canRemoveMail: boolean
  /**
   * Why the server refused to open it at the last pass (its own words); null when it opened, and
   * for a folder not synced now (what was refused then is past).
   */
  openError: string | null
}

type FolderRow = {
  id: number
  account_id: number
  path: string
  name: string
  special_use: string | null
  sync_enabled: number
  uid_validity: number | null
  uid_next: number | null
  highest_modseq: string | null
  lowest_synced_uid: number | null
  on_server: number
  kept_flags_json: string | null
  my_rights: string | null
  open_error: string | null
}

/** The flags Rapport changes on the server. */
const SET_BY_RAPPORT = ['\\Seen', '\\Flagged', '\\Answered']

const toRecord = (row: FolderRow): FolderRecord => ({
  id: row.id,
  accountId: row.account_id,
  path: row.path,
  name: row.name,
  specialUse: row.special_use,
  syncEnabled: row.sync_enabled === 1,
  uidValidity: row.uid_validity,
  uidNext: row.uid_next,
  highestModseq: row.highest_modseq,
  lowestSyncedUid: row.lowest_synced_uid,
  onServer: row.on_server === 1,
  readOnly: flagsNotKeptByFolder(row, SET_BY_RAPPORT).length === SET_BY_RAPPORT.length,
  rights: row.my_rights,
  canAddMail: mayAddMail(row.my_rights),
  canRemoveMail: mayRemoveMail(row.my_rights),
  openError: row.sync_enabled === 1 && row.on_server === 1 ? row.open_error : null
})

/**
 * Folders synced by default, by special use. imapflow detects special use from the server's
 * RFC 6154 flags and, failing those, from localized names ("Gesendete Objekte", "已发送").
 */
export const DEFAULT_SYNCED = new Set(['\\Inbox', '\\Sent', '\\Drafts', '\\Archive', '\\Trash', '\\Junk'])

/**
 * Whether a folder first listed with this special use is synced. All Mail (\All) is, where the
 * account has no Archive folder: on Gmail it is the archive. Mail archived there (by Rapport or on
 * the phone) leaves INBOX for All Mail only, and with All Mail unsynced Rapport lost track of it
 * and showed it as deleted on the server.
 */
export function syncedByDefault(specialUse: string | null, hasArchive: boolean): boolean {
  return DEFAULT_SYNCED.has(specialUse ?? '') || (specialUse === '\\All' && !hasArchive)
}

export type ListedFolder = {
  path: string
  name: string
  delimiter: string | null
  specialUse: string | null
  /**
   * True when the special use was guessed from the folder's name (imapflow's table or ours), not
   * marked by the server (RFC 6154 SPECIAL-USE, XLIST): such a guess never takes a role from the
   * folder holding it (keepingHeldRoles). Absent: marked by the server.
   */
  specialUseByName?: boolean
  /**
   * From the listing itself when it carried status (LIST-STATUS): null when it had none for this
   * folder. Absent when the listing carried none at all, which keeps the value stored.
   */
  uidValidity?: number | null
}

/** A folder row as the last listing left it: what the next listing is compared with. */
export type KnownFolder = {
  id: number
  path: string
  onServer: boolean
  /** The synced UIDVALIDITY, or for a folder never synced the one its last listing gave. */
  uidValidity: number | null
  /** What the last listing with LIST-STATUS gave its path (null without one). */
  listedUidValidity: number | null
  /** What Rapport has seen of the folder's UIDs: stored by sync, or past its highest location. */
  uidNext: number | null
}

export class FolderRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records the server's folder list; a folder is synced when it first lists with a default-synced
   * special use, or gains one it did not have (see below). Folders missing from the list are
   * marked gone from the server and left out of sync until listed again; their local mail stays. `renamed` (new path -> folder id) moves those rows to their new
   * path first, so the listing then updates them like any folder still there: id, sync choice,
   * locations and sync state are kept, and nothing is fetched again.
   */
  upsertListed(
    accountId: number,
    folders: ListedFolder[],
    renamed: ReadonlyMap<string, number> = new Map()
  ): void {
    const upsert = this.db
      .prepare(`INSERT INTO folders (account_id, path, name, delimiter, special_use, sync_enabled, listed_uid_validity)
      VALUES (@accountId, @path, @name, @delimiter, @specialUse, @syncEnabled, @listedUidValidity)
      ON CONFLICT (account_id, path) DO UPDATE SET name = excluded.name, delimiter = excluded.delimiter,
        special_use = excluded.special_use, on_server = 1,
        -- A folder taking over a role (the user picked another Trash elsewhere, or the old one was
        -- deleted) gets the sync of a folder first listed with it: deletes go there, so it must
        -- not sit unsynced showing nothing. Only on the change: a role it already had leaves the
        -- user's choice alone.
        sync_enabled = CASE WHEN excluded.special_use IS NOT special_use THEN max(sync_enabled, excluded.sync_enabled)
          ELSE sync_enabled END,
        listed_uid_validity = CASE WHEN @withStatus THEN excluded.listed_uid_validity ELSE listed_uid_validity END`)
    const move = this.db.prepare('UPDATE folders SET path = @path WHERE id = @id AND account_id = @accountId')
    const record = this.db.transaction(() => {
      // The renames were found before this transaction, with the server's answers awaited in
      // between: checked again against the rows as they are now, so none breaks the listing on
      // the (account_id, path) key.
      const rows = this.db
        .prepare('SELECT id, path, on_server FROM folders WHERE account_id = ?')
        .all(accountId) as Array<{ id: number; path: string; on_server: number }>
      const moves = feasibleMoves(
        rows.map((r) => ({ id: r.id, path: r.path, onServer: r.on_server === 1 })),
        renamed
      )
      // A folder renamed onto the name of one deleted at an earlier listing: the dead row makes
      // way, or the listing would revive it there and leave the renamed folder's row stranded.
      const gone = new Map(rows.filter((r) => r.on_server === 0).map((r) => [r.path, r.id]))
      for (const path of moves.keys()) if (gone.has(path)) this.moveAside(gone.get(path)!, path)
      // Through a placeholder path first: in a swap or a chain, a new path is still taken by the
      // row that moves on from it. No listed path starts with NUL.
      for (const id of moves.values()) move.run({ path: `\u0000${id}`, id, accountId })
      for (const [path, id] of moves) move.run({ path, id, accountId })
      const listing = keepingHeldRoles(folders, this.heldRoles(accountId, new Set(moves.values())))
      this.db.prepare('UPDATE folders SET on_server = 0 WHERE account_id = ?').run(accountId)
      const hasArchive = listing.some((f) => f.specialUse === '\\Archive')
      for (const f of listing) {
        const specialUse = f.path.toUpperCase() === 'INBOX' ? '\\Inbox' : f.specialUse
        upsert.run({
          accountId,
          path: f.path,
          name: f.name,
          delimiter: f.delimiter,
          specialUse,
          syncEnabled: syncedByDefault(specialUse, hasArchive) ? 1 : 0,
          listedUidValidity: f.uidValidity ?? null,
          withStatus: f.uidValidity === undefined ? 0 : 1
        })
      }
    })
    // IMMEDIATE: it reads before it writes (see importTransaction).
    record.immediate()
  }

  /**
   * Frees the path of a folder gone from the server for a folder renamed onto it. Holding no mail,
   * the row goes; holding some (its local copy, a move on its way there), it stays, under a path
   * no listing gives (one with NUL) so it is never taken for a folder listed there again.
   */
  private moveAside(id: number, path: string): void {
    const holdsMail = this.db.prepare('SELECT 1 FROM message_locations WHERE folder_id = ? LIMIT 1').get(id)
    if (holdsMail === undefined) this.db.prepare('DELETE FROM folders WHERE id = ?').run(id)
    else this.db.prepare('UPDATE folders SET path = ? WHERE id = ?').run(`${path}\u0000${id}`, id)
  }

  /**
   * Special use -> path of the folder on the server holding it, as the last listing left them.
   * A folder renamed elsewhere (`renamedIds`) holds nothing here: its new name is the user's
   * word on it, and the listing decides again.
   */
  private heldRoles(accountId: number, renamedIds: ReadonlySet<number>): Map<string, string> {
    const rows = this.db
      .prepare(
        `SELECT id, path, special_use FROM folders
         WHERE account_id = ? AND on_server = 1 AND special_use IS NOT NULL AND special_use != '\\Inbox'`
      )
      .all(accountId) as Array<{ id: number; path: string; special_use: string }>
    return new Map(rows.filter((r) => !renamedIds.has(r.id)).map((r) => [r.special_use, r.path]))
  }

  known(accountId: number): KnownFolder[] {
    const rows = this.db
      .prepare(
        // A folder never synced can still hold locations with real UIDs (mail moved into it), so
        // its UIDNEXT is at least one past them: a rename candidate below that is another folder.
        `SELECT id, path, on_server, coalesce(uid_validity, listed_uid_validity) AS uid_validity, listed_uid_validity,
           coalesce(uid_next, (SELECT max(l.uid) + 1 FROM message_locations l WHERE l.folder_id = folders.id
             AND l.uid > 0 AND l.uid_validity = folders.listed_uid_validity)) AS uid_next
         FROM folders WHERE account_id = ? ORDER BY id`
      )
      .all(accountId) as Array<
      Pick<FolderRow, 'id' | 'path' | 'uid_validity' | 'uid_next'> & {
        on_server: number
        listed_uid_validity: number | null
      }
    >
    return rows.map((r) => ({
      id: r.id,
      path: r.path,
      onServer: r.on_server === 1,
      uidValidity: r.uid_validity,
      listedUidValidity: r.listed_uid_validity,
      uidNext: r.uid_next
    }))
  }

  /**
   * A few messages Rapport has at known UIDs of a folder (its newest and oldest), by Message-ID,
   * to check a rename guessed from UIDVALIDITY against. Mail without a Message-ID of its own is
   * left out: Rapport's id for it is a hash, which no header on the server shows.
   */
  storedSamples(folderId: number, uidValidity: number): RenameSample[] {
    const pick = (order: 'ASC' | 'DESC', limit: number) =>
      this.db
        .prepare(
          `SELECT l.uid, m.message_id AS messageId FROM message_locations l JOIN messages m ON m.id = l.message_pk
           WHERE l.folder_id = ? AND l.uid_validity = ? AND l.uid > 0 AND m.message_id NOT LIKE '%@rapport.invalid>'
           ORDER BY l.uid ${order} LIMIT ?`
        )
        .all(folderId, uidValidity, limit) as RenameSample[]
    const samples = new Map<number, RenameSample>()
    for (const sample of [...pick('DESC', 3), ...pick('ASC', 2)]) samples.set(sample.uid, sample)
    return [...samples.values()]
  }

  synced(accountId: number): FolderRecord[] {
    return this.records(
      "sync_enabled = 1 AND on_server = 1 ORDER BY coalesce(special_use, '') = '\\Inbox' DESC, path",
      accountId
    )
  }

  /** Folders not synced whose stored UIDs were voided by a move to another server (server-numbering.ts). */
  renumberedUnsynced(accountId: number): FolderRecord[] {
    return this.records(
      `sync_enabled = 0 AND on_server = 1 AND uid_validity = ${RENUMBERED} ORDER BY path`,
      accountId
    )
  }

  /** The folders whose rights are worth knowing (folder-rights.ts): synced or of a special use. */
  syncedOrSpecial(accountId: number): FolderRecord[] {
    return this.records(
      'on_server = 1 AND (sync_enabled = 1 OR special_use IS NOT NULL) ORDER BY path',
      accountId
    )
  }

  private records(where: string, accountId: number): FolderRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM folders WHERE account_id = ? AND ${where}`)
      .all(accountId) as FolderRow[]
    return rows.map(toRecord)
  }

  bySpecialUse(accountId: number, specialUse: string): FolderRecord | null {
    const row = this.db
      .prepare(
        'SELECT * FROM folders WHERE account_id = ? AND special_use = ? ORDER BY on_server DESC, id LIMIT 1'
      )
      .get(accountId, specialUse) as FolderRow | undefined
    return row ? toRecord(row) : null
  }

  get(id: number): FolderRecord {
    return toRecord(this.db.prepare('SELECT * FROM folders WHERE id = ?').get(id) as FolderRow)
  }

  find(id: number): FolderRecord | null {
    const row = this.db.prepare('SELECT * FROM folders WHERE id = ?').get(id) as FolderRow | undefined
    return row ? toRecord(row) : null
  }

  /**
   * The user's choice; it survives later folder listings, unless one gives the folder a
   * default-synced special use it did not have (upsertListed).
   */
  setSync(id: number, enabled: boolean): void {
    this.db.prepare('UPDATE folders SET sync_enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id)
  }

  /** What the folder keeps for this mailbox, as last seen on selecting it (see kept-flags.ts). */
  setKeptFlags(id: number, kept: string[] | null): void {
    this.db
      .prepare('UPDATE folders SET kept_flags_json = ? WHERE id = ?')
      .run(kept === null ? null : JSON.stringify(kept), id)
  }

  /**
   * This mailbox's rights in the folder, as the server told them. Changed rights make the flags
   * learned on selecting it unknown again: they were the old rights' (see kept-flags.ts).
   */
  setRights(id: number, rights: string): void {
    const before = (
      this.db.prepare('SELECT my_rights FROM folders WHERE id = ?').get(id) as
        { my_rights: string | null } | undefined
    )?.my_rights
    const letters = (r: string) => [...new Set(r)].sort().join('')
    // Rights recorded the first time change nothing learned: both are taken into account.
    const changed = before != null && letters(before) !== letters(rights)
    this.db
      .prepare(
        `UPDATE folders SET my_rights = ?, kept_flags_json = CASE WHEN ? THEN NULL ELSE kept_flags_json END
         WHERE id = ?`
      )
      .run(rights, changed ? 1 : 0, id)
  }

  /** Records why the server refused to open the folder, or (null) that it opened; true if that changed. */
  setOpenError(id: number, error: string | null): boolean {
    return (
      prepared(this.db, 'UPDATE folders SET open_error = ? WHERE id = ? AND open_error IS NOT ?').run(
        error,
        id,
        error
      ).changes > 0
    )
  }

  /** Synced folders the server refused to open at their last pass. */
  refusedCount(accountId: number): number {
    return prepared(
      this.db,
      `SELECT count(*) FROM folders
       WHERE account_id = ? AND sync_enabled = 1 AND on_server = 1 AND open_error IS NOT NULL`
    )
      .pluck()
      .get(accountId) as number
  }

  /** The server no longer tells rights: none are known, and every action is left to it. */
  forgetRights(accountId: number): void {
    this.db
      .prepare('UPDATE folders SET my_rights = NULL WHERE account_id = ? AND my_rights IS NOT NULL')
      .run(accountId)
  }

  list(accountId?: number): Folder[] {
    const rows = this.db
      .prepare(
        `SELECT f.*, (SELECT count(*) FROM message_locations l WHERE l.folder_id = f.id AND l.uid_validity = f.uid_validity) AS message_count
         FROM folders f WHERE (@accountId IS NULL OR f.account_id = @accountId) ORDER BY f.account_id, f.path`
      )
      .all({ accountId: accountId ?? null }) as Array<FolderRow & { message_count: number }>
    return rows.map((row) => {
      const { lowestSyncedUid: _lowest, rights: _rights, ...folder } = toRecord(row)
      return { ...folder, messageCount: row.message_count }
    })
  }

  /** Messages stored for this folder under its current UIDVALIDITY. */
  localCount(folderId: number, uidValidity: number): number {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM message_locations WHERE folder_id = ? AND uid_validity = ?')
      .get(folderId, uidValidity) as { n: number }
    return row.n
  }

  /**
   * UIDVALIDITY changed: every stored UID of the folder is meaningless now. Drop the locations
   * (messages, threads and CRM data stay) and start the folder over; re-import re-matches the
   * messages by Message-ID.
   */
  resetForUidValidity(folderId: number, uidValidity: number): void {
    this.db.transaction(() => {
      // Left with no location, a message counts as deleted on the server, like an expunged one;
      // the re-match by Message-ID that follows (uidvalidity-rematch.ts) clears the mark of
      // every message it finds again.
      // A provisional location (uid < 0: a local move on its way to this folder) is no server
      // UID, so it stays, under the new UIDVALIDITY: the message is not "deleted" meanwhile.
      this.db
        .prepare(
          `UPDATE messages SET deleted_on_server = 1
           WHERE id IN (SELECT message_pk FROM message_locations WHERE folder_id = @folderId AND uid > 0)
             AND NOT EXISTS (SELECT 1 FROM message_locations l
               WHERE l.message_pk = messages.id AND (l.folder_id != @folderId OR l.uid < 0))`
        )
        .run({ folderId })
      const dropped = this.db
        .prepare('SELECT DISTINCT message_pk FROM message_locations WHERE folder_id = ? AND uid > 0')
        .pluck()
        .all(folderId) as number[]
      this.db.prepare('DELETE FROM message_locations WHERE folder_id = ? AND uid > 0').run(folderId)
      // A message with copies elsewhere has their flags now (message-flags.ts): one moved out of
      // this folder before the pass, which the re-match will not find here, kept this copy's
      // \Flagged or \Seen, and showed it ever after.
      const flags = new MessageFlags(this.db)
      for (const messagePk of dropped) flags.merge(messagePk)
      new ThreadAggregates(this.db).refresh(
        this.db
          .prepare(
            `SELECT DISTINCT thread_id FROM messages WHERE thread_id IS NOT NULL
               AND id IN (SELECT value FROM json_each(?))`
          )
          .pluck()
          .all(JSON.stringify(dropped)) as number[]
      )
      this.db
        .prepare('UPDATE message_locations SET uid_validity = ? WHERE folder_id = ? AND uid < 0')
        .run(uidValidity, folderId)
      this.db
        .prepare(
          'UPDATE folders SET uid_validity = ?, uid_next = NULL, highest_modseq = NULL, lowest_synced_uid = NULL WHERE id = ?'
        )
        .run(uidValidity, folderId)
      // "All older mail synced" no longer holds: mail the re-match cannot find (no Message-ID)
      // below what it finds is older mail again, which only "Sync older mail" fetches.
      this.db.prepare("DELETE FROM folder_backfills WHERE folder_id = ? AND state = 'done'").run(folderId)
    })()
  }

  /** Progress of one committed batch; called inside the batch's transaction. */
  recordBatch(folderId: number, uidValidity: number, uids: number[]): void {
    if (uids.length === 0) return
    // Once per import slice: compiled once (compiling it each time was ~1 % of a 10k import).
    prepared(
      this.db,
      `UPDATE folders SET uid_validity = ?,
        uid_next = max(coalesce(uid_next, 0), ?),
        lowest_synced_uid = min(coalesce(lowest_synced_uid, ?), ?)
       WHERE id = ?`
    ).run(uidValidity, Math.max(...uids) + 1, Math.min(...uids), Math.min(...uids), folderId)
  }

  /** Whether a pass over the folder has completed: its first import is done. */
  passedOnce(folderId: number): boolean {
    return (
      this.db.prepare('SELECT last_synced_at IS NOT NULL FROM folders WHERE id = ?').pluck().get(folderId) ===
      1
    )
  }

  recordPassComplete(
    folderId: number,
    state: { uidValidity: number; uidNext: number; highestModseq: string | null }
  ): void {
    this.db
      .prepare(
        `UPDATE folders SET uid_validity = ?, uid_next = max(coalesce(uid_next, 0), ?), highest_modseq = ?, last_synced_at = ?
         WHERE id = ?`
      )
      .run(state.uidValidity, state.uidNext, state.highestModseq, Date.now(), folderId)
  }
}
