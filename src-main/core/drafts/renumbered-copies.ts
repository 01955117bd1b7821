// Rapport's copies in a Drafts folder the server renumbered (a new UIDVALIDITY): the UID each
// APPEND answered names nothing now. Another program's version of a draft saved under the draft's
// Message-ID is told apart from Rapport's copy by UID (server-drafts.ts, NOT_OWN); with the UID
// void, both were taken for Rapport's, and the other program's version was hidden from the list of
// drafts to continue until Rapport's draft changed. The re-match that follows the renumbering
// reads each copy's INTERNALDATE, which is the one the APPEND gave (the draft's last change), so
// Rapport's copy is found again and its new UID recorded.
import type { Database } from 'better-sqlite3'

/** A message found again in the renumbered folder: its new UID, the message, its INTERNALDATE. */
export type DatedCopy = { uid: number; messagePk: number; date: number }

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
  const byKey = new Map<string, number[]>()
  for (const c of copies) {
    const key = `${c.messagePk}:${c.date}`
    byKey.set(key, [...(byKey.get(key) ?? []), c.uid])
  }
  const drafts = db.prepare(
    `UPDATE drafts SET server_copy_uid_validity = @uidValidity, server_copy_uid = @uid
     WHERE server_copy_folder_id = @folderId AND server_copy_date = @date
       AND server_copy = (SELECT message_id FROM messages WHERE id = @messagePk)`
  )
  const queued = db.prepare(
    `UPDATE draft_copies_to_delete SET uid_validity = @uidValidity, uid = @uid
     WHERE folder_id = @folderId AND appended_at = @date
       AND message_id = (SELECT message_id FROM messages WHERE id = @messagePk)`
  )
  for (const [key, uids] of byKey) {
    if (uids.length !== 1) continue
    const [messagePk, date] = key.split(':').map(Number)
    const params = { uidValidity, uid: uids[0], folderId, date, messagePk }
    drafts.run(params)
    queued.run(params)
  }
}
