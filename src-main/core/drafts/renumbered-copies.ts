// Rapport's copies in a Drafts folder the server renumbered (a new UIDVALIDITY): the UID each
// APPEND answered names nothing now. Another program's version of a draft saved under the draft's
// Message-ID is told apart from Rapport's copy by UID (server-drafts.ts, NOT_OWN); with the UID
// void, both were taken for Rapport's, and the other program's version was hidden from the list of
// drafts to continue until Rapport's draft changed. The re-match that follows the renumbering
// reads each copy's INTERNALDATE, which is the one the APPEND gave (the draft's last change), so
// Rapport's copy is found again and its new UID recorded.
import type { Database } from 'better-sqlite3'

/** A copy in the renumbered folder under one of `draftCopyIds`: its new UID, Message-ID and INTERNALDATE. */
export type DatedCopy = { uid: number; messageId: string; date: number }

/**
 * The Message-IDs of Rapport's copies recorded in this folder: of drafts, and of copies waiting to
 * be deleted. Also those a pass has yet to import (the pass uploads after it syncs the folder).
 */
export function draftCopyIds(db: Database, folderId: number): Set<string> {
  const rows = db
    .prepare(
      `SELECT server_copy AS id FROM drafts WHERE server_copy_folder_id = ?
       UNION SELECT message_id FROM draft_copies_to_delete WHERE folder_id = ?`
    )
    .all(folderId, folderId) as Array<{ id: string }>
  return new Set(rows.map((r) => r.id))
}

/**
 * Records the new UIDs of Rapport's copies in the renumbered folder, for its drafts and for the
 * copies waiting to be deleted. A copy whose date two messages there share is left as it was: the
 * deleter finds it by Message-ID and date when it is deleted.
 */
export function followRenumberedCopies(
  db: Database,
  folderId: number,
  uidValidity: number,
  copies: DatedCopy[]
): void {
  const byKey = new Map<string, { messageId: string; date: number; uids: number[] }>()
  for (const c of copies) {
    const key = `${c.date} ${c.messageId}`
    const entry = byKey.get(key) ?? { messageId: c.messageId, date: c.date, uids: [] }
    entry.uids.push(c.uid)
    byKey.set(key, entry)
  }
  const drafts = db.prepare(
    `UPDATE drafts SET server_copy_uid_validity = @uidValidity, server_copy_uid = @uid
     WHERE server_copy_folder_id = @folderId AND server_copy_date = @date AND server_copy = @messageId`
  )
  const queued = db.prepare(
    `UPDATE draft_copies_to_delete SET uid_validity = @uidValidity, uid = @uid
     WHERE folder_id = @folderId AND appended_at = @date AND message_id = @messageId`
  )
  for (const { messageId, date, uids } of byKey.values()) {
    if (uids.length !== 1) continue
    const params = { uidValidity, uid: uids[0], folderId, date, messageId }
    drafts.run(params)
    queued.run(params)
  }
}
