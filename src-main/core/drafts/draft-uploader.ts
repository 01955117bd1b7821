// Rapport's drafts in the mailbox's Drafts folder, so another mail program (a phone, webmail)
// has what is being written. Each sync pass runs it on its session (account-pass.ts), so a draft
// reaches the server at the next pass (a poll, new mail, or Sync now), not at every keystroke's
// save. A draft saved since its last upload goes up as a new copy, \Draft and \Seen, with a
// Message-ID of its own; then the copy it replaces is deleted. A draft sent or thrown away has
// its copy deleted (migration 0037's trigger queues it), and another program's draft continued
// in Rapport is deleted once the draft continuing it is up (server-drafts.ts). The copies come
// back to Rapport with the Drafts folder as drafts, in no conversation (message-store.ts, isDraft).
import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { parseAddressList } from '../../../src-preload/contract/address-list'
import { isEmailAddress } from '../../../src-preload/contract/email-address'
import type { Address } from '../../../src-preload/contract/mail-shapes'
import { replyTarget } from '../../../src-preload/contract/reply-target'
import type { AccountRecord } from '../accounts/account-repository'
import type { Clock } from '../clock'
import { commandFailed, lockFolder, openRefusal, searchUids } from '../mail-server/guarded-commands'
import { isConnectionError } from '../mail-server/server-errors'
import { composeOutgoing, type Outgoing } from '../outbox/outgoing-message'
import type { MailQueries } from '../queries/mail-queries'
import type { LocationStore } from '../store/location-store'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'
import type { DraftStore } from './draft-store'
import { NOW_MS_SQL } from './server-drafts'

type DraftRow = {
  id: number
  kind: 'new' | 'reply'
  thread_id: number | null
  to_text: string
  subject: string
  body: string
  updated_at: number
  revision: number
  server_copy: string | null
  server_account_id: number | null
}

/** Where a copy of Rapport's is on the server, as the APPEND answered (null: not known). */
type CopyPlace = { folder_id: number | null; uid_validity: number | null; uid: number | null }

type QueuedCopy = { id: number; message_id: string } & CopyPlace

export type DraftUploaderDeps = {
  db: Database
  folders: FolderRepository
  queries: MailQueries
  drafts: DraftStore
  locations: LocationStore
  clock: Clock
  log: (line: string) => void
}

/**
 * How long a continued copy no draft holds waits before it is deleted (migration 0038): long
 * enough for the text that let go of it, moved to another place, to be saved there and take it.
 */
export const RELEASE_GRACE_MS = 60 * 1000

/** How long a revision the server refused waits before it is tried again. */
const REFUSED_RETRY_MS = 60 * 60 * 1000

export class DraftUploader {
  constructor(private readonly deps: DraftUploaderDeps) {}

  /**
   * Uploads the account's drafts changed since their last upload, then deletes the copies they
   * replaced and those of drafts gone. A refusal is logged: an upload (the server is full, or
   * will not take a file) is tried again in an hour, a deletion at the next pass. A lost
   * connection fails the pass.
   */
  async push(client: ImapFlow, account: AccountRecord): Promise<void> {
    const folder = this.deps.folders.bySpecialUse(account.id, '\\Drafts')
    if (!folder?.onServer) return
    const changed = this.changed(account.id)
    const queued = this.queued(account.id)
    // Nothing to upload, nothing of Rapport's to delete, and no continued copy ready to go: the
    // folder is not opened (without an upload, none becomes ready during this pass).
    if (changed.length === 0 && queued.length === 0 && this.readyContinued(folder.id).length === 0) return
    // Selected for writing: imapflow APPENDs only the flags the selected folder allows, and a
    // pass leaves the last folder it read EXAMINEd, which allows none (\Draft would be dropped).
    const lock = await lockFolder(client, folder.path).catch(openRefusal)
    if ('refused' in lock) {
      this.deps.log(
        `Could not open ${folder.path} to save drafts there; Rapport tries again at the next sync: ${lock.refused}`
      )
      return
    }
    try {
      for (const draft of changed)
        await this.tryTo(
          `upload a draft to ${folder.path} (tried again in an hour, or once it is changed)`,
          () => this.upload(client, account, folder, draft),
          () => this.refused(draft)
        )
      // The copies the uploads replaced are queued now too.
      await this.tryTo(`delete replaced drafts in ${folder.path} (tried again at the next sync)`, () =>
        this.deleteQueued(client, folder, this.queued(account.id))
      )
      // After the uploads: a continued copy goes once the draft continuing it is up too.
      await this.tryTo(
        `delete drafts continued in Rapport from ${folder.path} (tried again at the next sync)`,
        () => this.deleteContinued(client, folder)
      )
    } finally {
      lock.release()
    }
  }

  /**
   * Drafts of this mailbox not uploaded as they are now, or uploaded to another mailbox (the
   * From changed, or the first mailbox was deleted). A new message whose From was not picked goes
   * from the first mailbox, as the composer shows it.
   */
  private changed(accountId: number): DraftRow[] {
    return this.deps.db
      .prepare(
        `SELECT id, kind, thread_id, to_text, subject, body, updated_at, revision, server_copy, server_account_id
         FROM drafts
         WHERE ifnull(account_id, (SELECT min(id) FROM accounts)) = @accountId
           AND (uploaded_revision IS NOT revision OR server_account_id IS NOT @accountId)
           AND NOT (refused_revision IS revision AND refused_at > @retryAfter)
         ORDER BY id`
      )
      .all({ accountId, retryAfter: this.deps.clock.now() - REFUSED_RETRY_MS }) as DraftRow[]
  }

  private async upload(
    client: ImapFlow,
    account: AccountRecord,
    folder: FolderRecord,
    draft: DraftRow
  ): Promise<void> {
    const outgoing = this.outgoing(draft)
    if (!outgoing) return
    const date = new Date(draft.updated_at)
    const { messageId, raw } = await composeOutgoing(account, this.deps.queries, outgoing, date)
    const { db } = this.deps
    // Queued for deletion until it is recorded as the draft's copy: a crash (or a lost answer)
    // after the APPEND leaves no copy on the server that nothing knows of (found by Message-ID).
    const pending = db
      .prepare(
        `INSERT INTO draft_copies_to_delete (account_id, message_id) SELECT @accountId, @messageId
         WHERE EXISTS (SELECT 1 FROM accounts WHERE id = @accountId)`
      )
      .run({ accountId: account.id, messageId }).lastInsertRowid
    const appended = await client.append(folder.path, raw, ['\\Draft', '\\Seen'], date)
    if (!appended) throw commandFailed(client, `add a draft to ${folder.path}`)
    const place = placeOf(folder, appended)
    db.transaction(() => {
      // Only onto the copy this upload replaces: the draft may have gone (sent, thrown away) or
      // gone up from another mailbox's pass meanwhile; then the copy just made goes too.
      const replacing = { id: draft.id, replaced: draft.server_copy, replacedIn: draft.server_account_id }
      const stillReplacing = 'id = @id AND server_copy IS @replaced AND server_account_id IS @replacedIn'
      // The copy replaced goes with its place as the draft has it now, not as read before the
      // APPEND: that mailbox may have been pointed at another server meanwhile, on its own lane,
      // which forgets the place (forgetServerNumbering).
      db.prepare(
        `INSERT INTO draft_copies_to_delete (account_id, message_id, folder_id, uid_validity, uid)
         SELECT server_account_id, server_copy, server_copy_folder_id, server_copy_uid_validity, server_copy_uid
         FROM drafts WHERE ${stillReplacing} AND server_copy IS NOT NULL
           AND EXISTS (SELECT 1 FROM accounts WHERE id = server_account_id)`
      ).run(replacing)
      const recorded = db
        .prepare(
          `UPDATE drafts SET server_copy = @messageId, server_account_id = @accountId, uploaded_revision = @revision,
             server_copy_folder_id = @folder_id, server_copy_uid_validity = @uid_validity, server_copy_uid = @uid
           WHERE ${stillReplacing}`
        )
        .run({ ...replacing, messageId, accountId: account.id, revision: draft.revision, ...place })
      if (recorded.changes > 0) db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?').run(pending)
      else
        db.prepare(
          'UPDATE draft_copies_to_delete SET folder_id = @folder_id, uid_validity = @uid_validity, uid = @uid WHERE id = @pending'
        ).run({ pending, ...place })
    })()
  }

  private refused(draft: DraftRow): void {
    this.deps.db
      .prepare('UPDATE drafts SET refused_revision = ?, refused_at = ? WHERE id = ?')
      .run(draft.revision, this.deps.clock.now(), draft.id)
  }

  /** The draft as the message it would send; null for a reply with no one left to answer. */
  private outgoing(draft: DraftRow): Outgoing | null {
    const common = { text: draft.body, attachments: this.deps.drafts.filesOf(draft.id) }
    if (draft.kind === 'new') {
      // What the To field holds so far; a half-typed address is left out until it is one.
      const { addresses } = parseAddressList(draft.to_text)
      return { ...common, to: addresses, subject: draft.subject }
    }
    const thread = this.threadOf(draft.thread_id!)
    const target = thread ? replyTarget(thread.thread, thread.messages) : null
    if (!target) return null
    // An address no server would take (the reply box says so before sending) is left out here.
    const valid = (list: Address[]) => list.filter((a) => isEmailAddress(a.address))
    return {
      ...common,
      to: valid(target.to),
      cc: valid(target.cc),
      subject: target.subject,
      inReplyTo: target.inReplyTo
    }
  }

  /** The conversation a reply draft answers; null once it is gone (merged away, or deleted). */
  private threadOf(threadId: number) {
    try {
      return this.deps.queries.getThread(threadId)
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return null
      throw error
    }
  }

  private queued(accountId: number): QueuedCopy[] {
    return this.deps.db
      .prepare(
        'SELECT id, message_id, folder_id, uid_validity, uid FROM draft_copies_to_delete WHERE account_id = ? ORDER BY id'
      )
      .all(accountId) as QueuedCopy[]
  }

  /**
   * Deletes these copies from the Drafts folder, selected: by the UID the APPEND answered where
   * that still names it here (and holds its Message-ID), so another program's version saved under
   * the same Message-ID stays. Otherwise the copy is found by its Message-ID; should more than one
   * message have it, which is Rapport's cannot be told, and none is deleted.
   */
  private async deleteQueued(client: ImapFlow, folder: FolderRecord, queued: QueuedCopy[]): Promise<void> {
    const done = this.deps.db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?')
    const numbering = numberingOf(client)
    for (const copy of queued) {
      const header = { 'message-id': copy.message_id }
      const here = copy.uid !== null && copy.folder_id === folder.id && copy.uid_validity === numbering
      let uids = await searchUids(
        client,
        here ? { uid: String(copy.uid), header } : { header },
        'search Drafts'
      )
      if (!here && uids.length > 1) {
        this.deps.log(
          `Left ${uids.length} drafts with the Message-ID ${copy.message_id} in ${folder.path}: another program saved one under it, and Rapport's own copy cannot be told apart`
        )
        uids = []
      }
      await this.deleteCopies(client, folder, uids, () => done.run(copy.id))
    }
  }

  /** Continued copies whose draft is up (at or past the claiming revision), or that no draft holds. */
  private readyContinued(folderId: number): Array<{ id: number; uid_validity: number; uid: number }> {
    return this.deps.db
      .prepare(
        `SELECT c.id, c.uid_validity, c.uid FROM continued_copies c
         WHERE c.folder_id = ? AND (
           c.released_at <= ${NOW_MS_SQL} - ${RELEASE_GRACE_MS}
           OR EXISTS (SELECT 1 FROM drafts d WHERE d.id = c.draft_id AND d.uploaded_revision >= c.revision))`
      )
      .all(folderId) as Array<{ id: number; uid_validity: number; uid: number }>
  }

  /**
   * Deletes the other programs' drafts continued in Rapport whose draft is up or gone: by their
   * UIDs, so a newer version saved under the same Message-ID stays. A copy numbered under an
   * earlier UIDVALIDITY cannot be named any more; it is let go, and listed again if found.
   */
  private async deleteContinued(client: ImapFlow, folder: FolderRecord): Promise<void> {
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
    if (uids.length > 0 && !(await client.messageDelete(uids, { uid: true })))
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

  /** Runs `work`; a refusal is logged (and `onRefused` told), a lost connection thrown. */
  private async tryTo(what: string, work: () => Promise<void>, onRefused?: () => void): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (isConnectionError(error)) throw error
      onRefused?.()
      this.deps.log(`Could not ${what}: ${(error as Error).message}`)
    }
  }
}

const UNKNOWN_PLACE: CopyPlace = { folder_id: null, uid_validity: null, uid: null }

/** Where the APPEND put the copy, as a server with UIDPLUS answers (RFC 4315). */
function placeOf(folder: FolderRecord, appended: { uid?: number; uidValidity?: bigint }): CopyPlace {
  if (!appended.uid || appended.uidValidity === undefined) return UNKNOWN_PLACE
  return { folder_id: folder.id, uid_validity: Number(appended.uidValidity), uid: appended.uid }
}

/** The selected folder's UIDVALIDITY as the server gives it now; null with none selected. */
function numberingOf(client: ImapFlow): number | null {
  return client.mailbox ? Number(client.mailbox.uidValidity) : null
}
