// Rapport's drafts in the mailbox's Drafts folder, so another mail program (a phone, webmail)
// has what is being written. Each sync pass runs it on its session (account-pass.ts), so a draft
// reaches the server at the next pass (a poll, new mail, or Sync now), not at every keystroke's
// save. A draft saved since its last upload goes up as a new copy, \Draft and \Seen, with a
// Message-ID of its own; then the copy it replaces is deleted. A draft sent or thrown away has
// its copy deleted (migration 0037's trigger queues it). The copies come back to Rapport with the
// Drafts folder as drafts, in no conversation (message-store.ts, isDraft).
import type { Database } from 'better-sqlite3'
import type { ImapFlow } from 'imapflow'
import { parseAddressList } from '../../../src-preload/contract/address-list'
import { replyTarget } from '../../../src-preload/contract/reply-target'
import type { AccountRecord } from '../accounts/account-repository'
import { commandFailed, lockFolder, searchUids } from '../mail-server/guarded-commands'
import { isConnectionError } from '../mail-server/server-errors'
import { composeOutgoing, type Outgoing } from '../outbox/outgoing-message'
import type { MailQueries } from '../queries/mail-queries'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'
import type { DraftStore } from './draft-store'

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

export type DraftUploaderDeps = {
  db: Database
  folders: FolderRepository
  queries: MailQueries
  drafts: DraftStore
  log: (line: string) => void
}

export class DraftUploader {
  constructor(private readonly deps: DraftUploaderDeps) {}

  /**
   * Uploads the account's drafts changed since their last upload, then deletes the copies they
   * replaced and those of drafts gone. A refusal (the server is full, or will not take a file)
   * is logged and tried again at the next pass; a lost connection fails the pass.
   */
  async push(client: ImapFlow, account: AccountRecord): Promise<void> {
    const folder = this.deps.folders.bySpecialUse(account.id, '\\Drafts')
    if (!folder?.onServer) return
    for (const draft of this.changed(account.id)) {
      await this.tryTo(`upload a draft to ${folder.path}`, () => this.upload(client, account, folder, draft))
    }
    await this.tryTo(`delete replaced drafts in ${folder.path}`, () =>
      this.deleteReplaced(client, account.id, folder)
    )
  }

  /**
   * Drafts of this mailbox not uploaded as they are now. A new message whose From was not picked
   * goes from the first mailbox, as the composer shows it.
   */
  private changed(accountId: number): DraftRow[] {
    return this.deps.db
      .prepare(
        `SELECT id, kind, thread_id, to_text, subject, body, updated_at, revision, server_copy, server_account_id
         FROM drafts
         WHERE ifnull(account_id, (SELECT min(id) FROM accounts)) = ? AND uploaded_revision IS NOT revision
         ORDER BY id`
      )
      .all(accountId) as DraftRow[]
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
    const queue = db.prepare(`INSERT INTO draft_copies_to_delete (account_id, message_id)
      SELECT @accountId, @messageId WHERE EXISTS (SELECT 1 FROM accounts WHERE id = @accountId)`)
    // Queued for deletion until it is recorded as the draft's copy: a crash (or a lost answer)
    // after the APPEND leaves no copy on the server that nothing knows of.
    const pending = queue.run({ accountId: account.id, messageId }).lastInsertRowid
    const appended = await client.append(folder.path, raw, ['\\Draft', '\\Seen'], date)
    if (!appended) throw commandFailed(client, `add a draft to ${folder.path}`)
    db.transaction(() => {
      const recorded = db
        .prepare(
          'UPDATE drafts SET server_copy = ?, server_account_id = ?, uploaded_revision = ? WHERE id = ?'
        )
        .run(messageId, account.id, draft.revision, draft.id)
      // Sent or thrown away while it went up, the draft is gone: the copy just made goes too.
      if (recorded.changes === 0) return
      db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?').run(pending)
      if (draft.server_copy) queue.run({ accountId: draft.server_account_id, messageId: draft.server_copy })
    })()
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
    return { ...common, to: target.to, cc: target.cc, subject: target.subject, inReplyTo: target.inReplyTo }
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

  /** Deletes the queued copies of this mailbox from its Drafts folder. */
  private async deleteReplaced(client: ImapFlow, accountId: number, folder: FolderRecord): Promise<void> {
    const { db } = this.deps
    const queued = db
      .prepare('SELECT id, message_id FROM draft_copies_to_delete WHERE account_id = ? ORDER BY id')
      .all(accountId) as Array<{ id: number; message_id: string }>
    if (queued.length === 0) return
    const lock = await lockFolder(client, folder.path)
    try {
      const done = db.prepare('DELETE FROM draft_copies_to_delete WHERE id = ?')
      for (const copy of queued) {
        const uids = await searchUids(
          client,
          { header: { 'message-id': copy.message_id } },
          `search ${folder.path}`
        )
        if (uids.length > 0 && !(await client.messageDelete(uids, { uid: true })))
          throw commandFailed(client, `delete a draft in ${folder.path}`)
        done.run(copy.id)
      }
    } finally {
      lock.release()
    }
  }

  private async tryTo(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (isConnectionError(error)) throw error
      this.deps.log(`Could not ${what}; Rapport tries again at the next sync: ${(error as Error).message}`)
    }
  }
}
