import type { Database } from 'better-sqlite3'

/**
 * The account now reaches a server that may be another one: the UIDs stored for it (folders,
 * locations, queued moves, Trash tombstones) may name other messages there, even where its
 * UIDVALIDITY happens to be the same (a creation time in seconds, or a small number, can repeat
 * across mailboxes). Each is marked with UIDVALIDITY 0, which no server uses (RFC 3501: a
 * non-zero number): the next pass takes every folder as renumbered and matches its mail again by
 * Message-ID, and a queued change finds its messages the same way (server-uids.ts). Its
 * mod-sequences go too. Runs inside the caller's transaction.
 */
export function forgetServerNumbering(db: Database, accountId: number): void {
  const current = `folder_id IN (SELECT id FROM folders WHERE account_id = @accountId)
    AND uid_validity = (SELECT uid_validity FROM folders WHERE id = folder_id)`
  // Only rows under the folder's own UIDVALIDITY: those under an older one already count as
  // renumbered, and leaving them keeps (folder, 0, uid) unique.
  db.prepare(`UPDATE message_locations SET uid_validity = 0 WHERE uid > 0 AND ${current}`).run({ accountId })
  db.prepare(`UPDATE trash_purged SET uid_validity = 0 WHERE ${current}`).run({ accountId })
  db.prepare(
    'UPDATE folders SET uid_validity = 0, highest_modseq = NULL WHERE account_id = ? AND uid_validity IS NOT NULL'
  ).run(accountId)
  const moves = db
    .prepare(
      `SELECT id, payload_json FROM tasks WHERE account_id = ? AND kind = 'move' AND state IN ('pending', 'running')`
    )
    .all(accountId) as Array<{ id: number; payload_json: string }>
  const save = db.prepare('UPDATE tasks SET payload_json = ? WHERE id = ?')
  for (const task of moves) {
    const payload = JSON.parse(task.payload_json) as { sources: Array<{ uid: number; uidValidity: number }> }
    for (const source of payload.sources) if (source.uid > 0) source.uidValidity = 0
    save.run(JSON.stringify(payload), task.id)
  }
}
