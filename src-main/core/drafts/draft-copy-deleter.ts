// Deleting draft copies from a mailbox's Drafts folder, selected, for the draft uploader's pass
// (draft-uploader.ts): Rapport's own copies queued in draft_copies_to_delete (replaced, or of a
// draft sent or thrown away), and other programs' drafts continued in Rapport (continued_copies,
// server-drafts.ts). Each copy Rapport deleted leaves the folder locally at once.
import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { commandFailed, fetchMessages, searchUids } from '../mail-server/guarded-commands'
import type { LocationStore } from '../store/location-store'
import type { FolderRecord } from '../sync/folder-repository'
import { sparingOthersMarkedDeleted } from '../sync/others-marked-deleted'
import { NOW_MS_SQL } from './server-drafts'

/** Where a copy of Rapport's is on the server, as the APPEND answered (null: not known). */
export type CopyPlace = { folder_id: number | null; uid_validity: number | null; uid: number | null }

type QueuedCopy = { id: number; message_id: string; appended_at: number | null } & CopyPlace

/**
 * How long a continued copy no draft holds waits before it is deleted (migration 0038): long
 * enough for the text that let go of it, moved to another place, to be saved there and take it.
 */
export const RELEASE_GRACE_MS = 60 * 1000

export class DraftCopyDeleter {
  constructor(
    private readonly deps: { db: Database; locations: LocationStore; log: (line: string) => void }
  ) {}

  /** Rapport's copies waiting to be deleted from this mailbox's Drafts. */
  queued(accountId: number): QueuedCopy[] {
    return this.deps.db
      .prepare(
        `SELECT id, message_id, folder_id, uid_validity, uid, appended_at FROM draft_copies_to_delete
         WHERE account_id = ? ORDER BY id`
      )
      .all(accountId) as QueuedCopy[]
  }

  /**
   * Deletes these copies from the Drafts folder, selected: by the UID the APPEND answered where
   * that still names it here (and holds its Message-ID), so another program's version saved under
   * the same Message-ID stays. Otherwise the copy is found by its Message-ID (ownCopies).
   */
  async deleteQueued(client: ImapFlow, folder: FolderRecord, queued: QueuedCopy[]): Promise<void> {
    const done = this.deps.db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?')
    const numbering = numberingOf(client)
    for (const copy of queued) {
      const header = { 'message-id': copy.message_id }
      const here = copy.uid !== null && copy.folder_id === folder.id && copy.uid_validity === numbering
      const uids = here
        ? await searchUids(client, { uid: String(copy.uid), header }, 'search Drafts')
        : await this.ownCopies(client, folder, copy)
      await this.deleteCopies(client, folder, uids, () => done.run(copy.id))
    }
  }

  /**
   * The copies in Drafts with this copy's Message-ID that are Rapport's: those with the
   * INTERNALDATE its APPEND gave. Another program's version saved under the Message-ID has a date
   * of its own, and stays (logged).
   */
  private async ownCopies(client: ImapFlow, folder: FolderRecord, copy: QueuedCopy): Promise<number[]> {
    const found = await searchUids(client, { header: { 'message-id': copy.message_id } }, 'search Drafts')
    // A copy queued before its date was kept is Rapport's only when it is alone.
    const own =
      copy.appended_at === null
        ? found.slice(0, found.length === 1 ? 1 : 0)
        : await datedAt(client, found, copy.appended_at)
    if (own.length < found.length)
      this.deps.log(
        `Left ${found.length - own.length} of the drafts with the Message-ID ${copy.message_id} in ${folder.path}: another program saved them under it`
      )
    return own
  }

  /**
   * Continued copies that no draft holds (sent, or thrown away), or whose draft is up (at or past
   * the claiming revision) and whose text loses nothing of theirs: one with formatting the text
   * loses stays while the draft is written, so that the other program still has it.
   */
  readyContinued(folderId: number): Array<{ id: number; uid_validity: number; uid: number }> {
    return this.deps.db
      .prepare(
        `SELECT c.id, c.uid_validity, c.uid FROM continued_copies c
         WHERE c.folder_id = ? AND (
           c.released_at <= ${NOW_MS_SQL} - ${RELEASE_GRACE_MS}
           OR (c.keep_until_sent = 0
             AND EXISTS (SELECT 1 FROM drafts d WHERE d.id = c.draft_id AND d.uploaded_revision >= c.revision)))`
      )
      .all(folderId) as Array<{ id: number; uid_validity: number; uid: number }>
  }

  /**
   * Deletes the other programs' drafts continued in Rapport whose draft is up or gone: by their
   * UIDs, so a newer version saved under the same Message-ID stays. A copy numbered under an
   * earlier UIDVALIDITY cannot be named any more; it is let go, and listed again if found.
   */
  async deleteContinued(client: ImapFlow, folder: FolderRecord): Promise<void> {
    const { db } = this.deps
    const ready = this.readyContinued(folder.id)
    if (ready.length === 0) return
    const numbering = numberingOf(client)
    const uids = ready.filter((copy) => copy.uid_validity === numbering).map((copy) => copy.uid)
    const done = db.prepare('DELETE FROM continued_copies WHERE id = ?')
    await this.deleteCopies(client, folder, uids, () => ready.forEach((copy) => done.run(copy.id)))
  }

  /**
   * Deletes these UIDs of the selected Drafts folder, then runs `done`. Their locations go with
   * them, as the next pass would find: until then a copy would look like another program's draft.
   */
  private async deleteCopies(
    client: ImapFlow,
    folder: FolderRecord,
    uids: number[],
    done: () => void
  ): Promise<void> {
    const deleted = () => client.messageDelete(uids, { uid: true })
    if (uids.length > 0 && !(await sparingOthersMarkedDeleted(client, uids, deleted)))
      throw commandFailed(client, 'delete a draft in Drafts')
    // The UIDs are the folder's numbering now; one the server has renumbered since the last pass
    // would name other mail here, and that pass finds the copy gone.
    const numbering = numberingOf(client)
    this.deps.db.transaction(() => {
      if (uids.length > 0 && numbering !== null && numbering === folder.uidValidity)
        this.deps.locations.removeExpunged(folder.id, numbering, uids)
      done()
    })()
  }
}

/** The selected folder's UIDVALIDITY as the server gives it now; null with none selected. */
export function numberingOf(client: ImapFlow): number | null {
  return client.mailbox ? Number(client.mailbox.uidValidity) : null
}

/** Those of these UIDs of the selected folder whose INTERNALDATE is `date` (ms). */
async function datedAt(client: ImapFlow, uids: number[], date: number): Promise<number[]> {
  const dates = await internalDates(client, uids)
  return uids.filter((uid) => dates.get(uid) === date)
}

/** The INTERNALDATE (ms) of each of these UIDs of the selected folder that is there. */
export async function internalDates(client: ImapFlow, uids: number[]): Promise<Map<number, number>> {
  const dates = new Map<number, number>()
  if (uids.length === 0) return dates
  for await (const m of fetchMessages(client, uids.join(','), { uid: true, internalDate: true }))
    if (m.internalDate) dates.set(m.uid, new Date(m.internalDate).getTime())
  return dates
}
