// Rapport's drafts in the mailbox's Drafts folder, so another mail program (a phone, webmail)
// has what is being written. Each sync pass runs it on its session (account-pass.ts), so a draft
// reaches the server at the next pass (a poll, new mail, or Sync now), not at every keystroke's
// save. A draft saved since its last upload goes up as a new copy, \Draft and \Seen, with a
// Message-ID of its own; then the copy it replaces is deleted. A draft sent or thrown away has
// its copy deleted (migration 0037's trigger queues it), and another program's draft continued
// in Rapport is deleted once the draft continuing it is up (server-drafts.ts), or, when its HTML
// has formatting the text loses, once that draft is sent or thrown away. The copies come
// back to Rapport with the Drafts folder as drafts, in no conversation (message-store.ts, isDraft).
import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { parseAddressList } from '../../../src-preload/contract/address-list'
import { hasOwnRecipients } from '../../../src-preload/contract/draft-shapes'
import { isEmailAddress } from '../../../src-preload/contract/email-address'
import type { Address } from '../../../src-preload/contract/mail-shapes'
import { answeredHeaders, replyTarget } from '../../../src-preload/contract/reply-target'
import type { AccountRecord } from '../accounts/account-repository'
import type { Clock } from '../clock'
import { commandFailed, lockFolder, openRefusal, searchUids } from '../mail-server/guarded-commands'
import { isConnectionError } from '../mail-server/server-errors'
import { composeOutgoing, type Outgoing } from '../outbox/outgoing-message'
import type { MailQueries } from '../queries/mail-queries'
import type { LocationStore } from '../store/location-store'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'
import { DraftCopyDeleter, internalDates, numberingOf, type CopyPlace } from './draft-copy-deleter'
import type { DraftStore } from './draft-store'

type DraftRow = {
  id: number
  kind: 'new' | 'reply'
  thread_id: number | null
  to_text: string
  cc_text: string
  bcc_text: string
  subject: string
  body: string
  answering_message_id: number | null
  updated_at: number
  revision: number
  server_copy: string | null
  server_account_id: number | null
}

export type DraftUploaderDeps = {
  db: Database
  folders: FolderRepository
  queries: MailQueries
  drafts: DraftStore
  locations: LocationStore
  clock: Clock
  log: (line: string) => void
}

export { RELEASE_GRACE_MS } from './draft-copy-deleter'

/** How long a revision the server refused waits before it is tried again. */
const REFUSED_RETRY_MS = 60 * 60 * 1000

export class DraftUploader {
  private readonly deleter: DraftCopyDeleter

  constructor(private readonly deps: DraftUploaderDeps) {
    this.deleter = new DraftCopyDeleter(deps)
  }

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
    const { deleter } = this
    // Nothing to upload, nothing of Rapport's to delete, and no continued copy ready to go: the
    // folder is not opened (without an upload, none becomes ready during this pass).
    const nothingToDelete =
      deleter.queued(account.id).length === 0 && deleter.readyContinued(folder.id).length === 0
    if (changed.length === 0 && nothingToDelete) return
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
        deleter.deleteQueued(client, folder, deleter.queued(account.id))
      )
      // After the uploads: a continued copy goes once the draft continuing it is up too.
      await this.tryTo(
        `delete drafts continued in Rapport from ${folder.path} (tried again at the next sync)`,
        () => deleter.deleteContinued(client, folder)
      )
    } finally {
      lock.release()
    }
  }

  /**
   * Drafts of this mailbox not uploaded as they are now, or uploaded to another mailbox (the
   * From changed, or the first mailbox was deleted). A new message whose From was not picked goes
   * from the first mailbox that can send (not an archive), as the composer shows it.
   */
  private changed(accountId: number): DraftRow[] {
    return this.deps.db
      .prepare(
        `SELECT id, kind, thread_id, to_text, cc_text, bcc_text, subject, body, answering_message_id, updated_at,
           revision, server_copy, server_account_id
         FROM drafts
         WHERE coalesce(account_id,
             (SELECT min(id) FROM accounts WHERE kind = 'mailbox' AND state <> 'archived'),
             (SELECT min(id) FROM accounts)) = @accountId
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
    // Its INTERNALDATE, as the server keeps the APPEND's date-time: in whole seconds.
    const dated = Math.floor(draft.updated_at / 1000) * 1000
    const { db } = this.deps
    // Queued for deletion until it is recorded as the draft's copy: a crash (or a lost answer)
    // after the APPEND leaves no copy on the server that nothing knows of (found by Message-ID).
    const queuedFirst = db
      .prepare(
        `INSERT INTO draft_copies_to_delete (account_id, message_id, appended_at)
         SELECT @accountId, @messageId, @dated WHERE EXISTS (SELECT 1 FROM accounts WHERE id = @accountId)`
      )
      .run({ accountId: account.id, messageId, dated })
    // None when the mailbox was deleted meanwhile (lastInsertRowid would be an older row's).
    const pending = queuedFirst.changes > 0 ? queuedFirst.lastInsertRowid : null
    const appended = await client.append(folder.path, raw, ['\\Draft', '\\Seen'], date)
    if (!appended) throw commandFailed(client, `add a draft to ${folder.path}`)
    const { place, appendedAt } = await this.landed(client, folder, appended, messageId, dated)
    db.transaction(() => {
      // Only onto the copy this upload replaces: the draft may have gone (sent, thrown away) or
      // gone up from another mailbox's pass meanwhile; then the copy just made goes too.
      const replacing = { id: draft.id, replaced: draft.server_copy, replacedIn: draft.server_account_id }
      const stillReplacing = 'id = @id AND server_copy IS @replaced AND server_account_id IS @replacedIn'
      // The copy replaced goes with its place as the draft has it now, not as read before the
      // APPEND: that mailbox may have been pointed at another server meanwhile, on its own lane,
      // which forgets the place (forgetServerNumbering).
      db.prepare(
        `INSERT INTO draft_copies_to_delete (account_id, message_id, folder_id, uid_validity, uid, appended_at)
         SELECT server_account_id, server_copy, server_copy_folder_id, server_copy_uid_validity, server_copy_uid,
           server_copy_date
         FROM drafts WHERE ${stillReplacing} AND server_copy IS NOT NULL
           AND EXISTS (SELECT 1 FROM accounts WHERE id = server_account_id)`
      ).run(replacing)
      const recorded = db
        .prepare(
          `UPDATE drafts SET server_copy = @messageId, server_account_id = @accountId, uploaded_revision = @revision,
             server_copy_folder_id = @folder_id, server_copy_uid_validity = @uid_validity, server_copy_uid = @uid,
             server_copy_date = @appendedAt
           WHERE ${stillReplacing}`
        )
        .run({
          ...replacing,
          messageId,
          accountId: account.id,
          revision: draft.revision,
          appendedAt,
          ...place
        })
      if (recorded.changes > 0) db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?').run(pending)
      else
        db.prepare(
          `UPDATE draft_copies_to_delete SET folder_id = @folder_id, uid_validity = @uid_validity, uid = @uid,
             appended_at = @appendedAt
           WHERE id = @pending`
        ).run({ pending, appendedAt, ...place })
    })()
  }

  /**
   * Where the copy just added is, and the INTERNALDATE the server gave it, read back rather than
   * assumed (a server may date an APPEND by its arrival): by APPENDUID, or without UIDPLUS by a
   * search of its Message-ID (new to this upload) in the folder still selected. Should the server
   * refuse either, the copy is found later by Message-ID and the date it was given (`dated`).
   */
  private async landed(
    client: ImapFlow,
    folder: FolderRecord,
    appended: { uid?: number; uidValidity?: bigint },
    messageId: string,
    dated: number
  ): Promise<{ place: CopyPlace; appendedAt: number }> {
    let place = placeOf(folder, appended)
    try {
      if (place.uid === null) {
        const uids = await searchUids(client, { header: { 'message-id': messageId } }, 'search Drafts')
        const numbering = numberingOf(client)
        if (uids.length === 1 && numbering !== null)
          place = { folder_id: folder.id, uid_validity: numbering, uid: uids[0]! }
      }
      const appendedAt =
        place.uid === null ? undefined : (await internalDates(client, [place.uid])).get(place.uid)
      return { place, appendedAt: appendedAt ?? dated }
    } catch (error) {
      if (isConnectionError(error)) throw error
      return { place, appendedAt: dated }
    }
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
      // What the fields hold so far; a half-typed address is left out until it is one. The copy
      // keeps its Bcc header, as Thunderbird's does: a program continuing it keeps the Bcc.
      const typed = (text: string) => parseAddressList(text).addresses
      return {
        ...common,
        to: typed(draft.to_text),
        cc: typed(draft.cc_text),
        bcc: typed(draft.bcc_text),
        subject: draft.subject
      }
    }
    const thread = this.threadOf(draft.thread_id!)
    if (!thread) return null
    const { others, mailbox } = this.mailboxes(thread.thread.accountId)
    const target = replyTarget(thread.thread, thread.messages, others, mailbox)
    if (!target) return null
    // An address no server would take (the reply box says so before sending) is left out here.
    const valid = (list: Address[]) => list.filter((a) => isEmailAddress(a.address))
    // A reply with recipients of its own (continued from another program) keeps them, its Bcc
    // header too, as a new message's copy does; a Cc or a Bcc alone as well.
    const own = hasOwnRecipients({ to: draft.to_text, cc: draft.cc_text, bcc: draft.bcc_text })
    return {
      ...common,
      to: own ? parseAddressList(draft.to_text).addresses : valid(target.to),
      cc: own ? parseAddressList(draft.cc_text).addresses : valid(target.cc),
      bcc: own ? parseAddressList(draft.bcc_text).addresses : [],
      // Threaded as the reply box would send it: under the earlier message it answers, if any.
      ...answeredHeaders(target, thread.thread, thread.messages, draft.answering_message_id ?? undefined)
    }
  }

  /**
   * The addresses of the other mailboxes and of this one: mail from another to this one is
   * answered to it (reply-target.ts).
   */
  private mailboxes(accountId: number): { others: string[]; mailbox?: string } {
    const rows = this.deps.db.prepare('SELECT id, email FROM accounts').all() as Array<{
      id: number
      email: string
    }>
    return {
      others: rows.filter((row) => row.id !== accountId).map((row) => row.email),
      mailbox: rows.find((row) => row.id === accountId)?.email
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
