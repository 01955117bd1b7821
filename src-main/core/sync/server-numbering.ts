import type { Database } from 'better-sqlite3'
import type { MovePayload } from './task-queue'

// UIDVALIDITY is a non-zero number (RFC 3501), so 0 is one no server uses: a folder marked with
// it is renumbered to every pass, which matches its mail again by Message-ID.
export const RENUMBERED = 0

/**
 * The account now reaches a server that may be another one: the UIDs stored for it may name
 * other messages there, even where a folder's UIDVALIDITY happens to be the same (a creation
 * time in seconds, or a small number, can repeat across mailboxes). Runs inside the caller's
 * transaction, so that no UID of the old server is used on the new one:
 * - every folder Rapport has mail in, synced or not, is marked renumbered, with its locations;
 *   the next pass matches each again by Message-ID (rematchUnsynced for those not synced);
 * - locations under an older UIDVALIDITY, void already, go (the next import would drop them);
 * - queued moves find their messages by Message-ID (server-uids.ts onServerNow);
 * - Trash tombstones are matched again by their Message-ID (rekeyPurged);
 * - the old server's mod-sequences, folder rights and kept flags, and its record of mail that
 *   could not be stored, are forgotten;
 * - other programs' drafts continued in Rapport are no longer claimed (their UIDs could name
 *   other mail now): the copies stay on the server, listed again once matched;
 * - Rapport's own draft copies are found by their Message-IDs again, not by UID.
 */
export function forgetServerNumbering(db: Database, accountId: number): void {
  const params = { accountId, renumbered: RENUMBERED }
  const ofAccount = 'folder_id IN (SELECT id FROM folders WHERE account_id = @accountId)'
  // A folder never synced holds mail Rapport moved there, under the numbering the move saw.
  db.prepare(
    `UPDATE folders SET uid_validity = (SELECT max(l.uid_validity) FROM message_locations l
       WHERE l.folder_id = folders.id AND l.uid > 0)
     WHERE account_id = @accountId AND uid_validity IS NULL`
  ).run(params)
  const current = 'uid_validity = (SELECT f.uid_validity FROM folders f WHERE f.id = folder_id)'
  db.prepare(`DELETE FROM message_locations WHERE uid > 0 AND ${ofAccount} AND NOT ${current}`).run(params)
  db.prepare(`UPDATE message_locations SET uid_validity = @renumbered WHERE uid > 0 AND ${ofAccount}`).run(
    params
  )
  // A provisional location (a move on its way, uid < 0) follows its folder, or it would drop out
  // of the folder's view.
  db.prepare(
    `UPDATE message_locations SET uid_validity = @renumbered WHERE uid < 0 AND ${ofAccount} AND ${current}`
  ).run(params)
  // Tombstones under an older UIDVALIDITY are already matched by Message-ID; one that would
  // collide with a current one is a duplicate of it.
  db.prepare(`UPDATE OR IGNORE trash_purged SET uid_validity = @renumbered WHERE ${ofAccount}`).run(params)
  db.prepare(`DELETE FROM trash_purged WHERE uid_validity != @renumbered AND ${ofAccount}`).run(params)
  db.prepare(`DELETE FROM import_failures WHERE ${ofAccount}`).run(params)
  db.prepare(`DELETE FROM continued_copies WHERE ${ofAccount}`).run(params)
  db.prepare(
    `UPDATE drafts SET server_copy_folder_id = NULL, server_copy_uid_validity = NULL, server_copy_uid = NULL
     WHERE server_copy_folder_id IN (SELECT id FROM folders WHERE account_id = @accountId)`
  ).run(params)
  db.prepare(
    `UPDATE draft_copies_to_delete SET folder_id = NULL, uid_validity = NULL, uid = NULL WHERE ${ofAccount}`
  ).run(params)
  db.prepare(
    `UPDATE folders SET uid_validity = CASE WHEN uid_validity IS NULL THEN NULL ELSE @renumbered END,
       highest_modseq = NULL, kept_flags_json = NULL, my_rights = NULL, open_error = NULL
     WHERE account_id = @accountId`
  ).run(params)
  const moves = db
    .prepare(
      `SELECT id, payload_json FROM tasks WHERE account_id = ? AND kind = 'move' AND state IN ('pending', 'running')`
    )
    .all(accountId) as Array<{ id: number; payload_json: string }>
  const save = db.prepare('UPDATE tasks SET payload_json = ? WHERE id = ?')
  for (const task of moves) {
    const payload = JSON.parse(task.payload_json) as MovePayload
    for (const source of payload.sources) if (source.uid > 0) source.uidValidity = RENUMBERED
    save.run(JSON.stringify(payload), task.id)
  }
}
