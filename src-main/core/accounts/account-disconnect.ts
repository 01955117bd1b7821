import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock'
import type { HybridClock } from '../db/hybrid-clock'
import { CoreError } from '../errors'
import {
  MAY_HAVE_GONE_BEFORE_ARCHIVE,
  NO_COPY_BEFORE_ARCHIVE,
  NOT_SENT_FROM_ARCHIVE
} from '../outbox/outbox-state'
import type { SecretStore } from '../secrets/secret-store'
import type { AttachmentCache } from '../store/attachment-cache'
import type { AccountRecord, AccountRepository } from './account-repository'

export type DisconnectMode = 'archive' | 'delete'

export type DisconnectDeps = {
  db: Database
  accounts: AccountRepository
  secrets: SecretStore
  /** Stops the account's real-time watcher and any backfill before its rows change. */
  stopSync: (accountId: number) => Promise<void>
  /**
   * An archive only: stops the work under way on the account's connection (a pass, a push, a
   * send) at its next step and resolves once it has ended, so nothing reaches the server after
   * the archive returns; resolves to what lets work start again, once the archive is committed or
   * failed (SyncService.stopAccount). A deleted account's work ends by itself: its rows are gone.
   */
  stopWork?: (accountId: number) => Promise<() => void>
  cache: AttachmentCache | null
  /**
   * Puts mail the SMTP server took that is in no conversation yet into its conversation
   * (OutboxService.storeAcceptedMail): archived, its copy for Sent can never be saved.
   */
  storeSentMail?: (accountId: number) => Promise<void>
  /** Waits for a token renewal of this secret under way (OAuthTokens.settle) before it is deleted. */
  settleSecret?: (secretRef: string) => Promise<void>
  hlc: HybridClock
  clock: Clock
}

// A contact the user has worked on (tags, a lead, phones, custom fields, an owner, a company,
// country or language, blocked, or any edit of theirs: mail never sets updated_by) is CRM data in
// its own right and survives the mailbox it came from; one only mail created goes with the mail.
const WORKED_ON = `(c.custom_fields != '{}' OR c.owner_id IS NOT NULL OR c.blocked = 1
  OR c.company != '' OR c.country != '' OR c.language != '' OR c.updated_by IS NOT NULL
  OR EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id)
  OR EXISTS (SELECT 1 FROM lead_links k WHERE k.kind = 'contact' AND k.target_id = c.id)
  OR EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id AND p.deleted = 0))`
const STILL_USED = `(EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = c.id)
  OR EXISTS (SELECT 1 FROM conversations v WHERE v.contact_id = c.id AND v.deleted = 0))`

/**
 * Disconnects a mailbox. "archive": sync stops for good, the password leaves the secret store,
 * queued changes wait for a reconnect, mail waiting in the Outbox fails, and the mail stays,
 * read-only.
 * "delete": the account's mail, folders, threads, conversations and tasks go, plus the contacts
 * only its mail created; cached attachment bytes no other message uses are deleted (those cached
 * within the hour at a later sweep: another import may be about to store the same).
 */
export async function disconnectAccount(
  deps: DisconnectDeps,
  accountId: number,
  mode: DisconnectMode
): Promise<{ mode: DisconnectMode; messagesRemoved: number }> {
  const account = deps.accounts.get(accountId)
  if (account.kind !== 'mailbox')
    throw new CoreError('INVALID_INPUT', 'Sample data is not a mailbox: open your own workspace to leave it.')
  // Before anything is awaited: a pass under way stops at its next step, not at its end.
  const stopping = mode === 'archive' ? deps.stopWork?.(accountId) : undefined
  try {
    await deps.stopSync(accountId)
    await stopping
    // As it is now: work that ended meanwhile (new servers saved) may have moved its password.
    return await disconnectStopped(deps, deps.accounts.get(accountId), mode)
  } finally {
    ;(await stopping)?.()
  }
}

async function disconnectStopped(
  deps: DisconnectDeps,
  account: AccountRecord,
  mode: DisconnectMode
): Promise<{ mode: DisconnectMode; messagesRemoved: number }> {
  const { db, accounts } = deps
  const accountId = account.id
  if (mode === 'archive') {
    await deps.storeSentMail?.(accountId)
    db.transaction(() => {
      // Queued changes stay queued (nothing runs them while archived) and go up once it is
      // reconnected: each already shows in the local mail (a delete's message in Trash), and
      // dropped, that stayed so for good, where the server had it otherwise.
      failUnsentMail(db, accountId, deps.clock.now())
      db.prepare(
        `UPDATE folder_backfills SET state = 'paused'
         WHERE state = 'running' AND folder_id IN (SELECT id FROM folders WHERE account_id = ?)`
      ).run(accountId)
      accounts.setState(
        accountId,
        'archived',
        `Disconnected on ${new Date(deps.clock.now()).toISOString().slice(0, 10)}; kept as a read-only archive.`
      )
    })()
    await deps.settleSecret?.(account.secretRef)
    await deps.secrets.delete(account.secretRef)
    return { mode, messagesRemoved: 0 }
  }
  const { removed, files } = db.transaction(() => {
    const contactIds = (
      db
        .prepare(
          `SELECT contact_id AS id FROM messages WHERE account_id = ? AND contact_id IS NOT NULL
           UNION SELECT contact_id FROM conversations WHERE account_id = ? AND contact_id IS NOT NULL`
        )
        .all(accountId, accountId) as Array<{ id: string }>
    ).map((r) => r.id)
    const files = (
      db
        .prepare(
          `SELECT DISTINCT a.cache_path AS path FROM attachments a JOIN messages m ON m.id = a.message_pk
           WHERE m.account_id = ? AND a.cache_path IS NOT NULL`
        )
        .all(accountId) as Array<{ path: string }>
    ).map((r) => r.path)
    const { n } = db.prepare('SELECT count(*) AS n FROM messages WHERE account_id = ?').get(accountId) as {
      n: number
    }
    // Cascades to folders, locations, threads, conversations (and their comments), tasks.
    accounts.remove(accountId)
    const orphan = db.prepare(
      `SELECT 1 FROM contacts c WHERE c.id = ? AND c.deleted = 0 AND NOT ${STILL_USED} AND NOT ${WORKED_ON}`
    )
    const dropContact = db.prepare('UPDATE contacts SET deleted = 1, hlc = ? WHERE id = ?')
    const dropEmails = db.prepare(
      'UPDATE contact_emails SET deleted = 1, hlc = ? WHERE contact_id = ? AND deleted = 0'
    )
    for (const id of contactIds) {
      if (!orphan.get(id)) continue
      const hlc = deps.hlc.tick()
      dropContact.run(hlc, id)
      dropEmails.run(hlc, id)
    }
    return { removed: n, files }
  })()
  await deps.settleSecret?.(account.secretRef)
  await deps.secrets.delete(account.secretRef)
  deps.cache?.release(db, files)
  return { mode, messagesRemoved: removed }
}

/**
 * Mail waiting to go can no longer go: every row that has not gone (scheduled, queued, or in an
 * attempt) fails, saying why, and stays in the Outbox to copy or delete. Signing in to the archive
 * again puts these rows back in the queue at their own time (OutboxRepository.releaseArchived).
 * A row in an attempt may have reached the server (the attempt was cut off by a quit, or is still
 * running), so it does not say "not sent", and keeps its look in Sent before the next attempt. An
 * attempt still running records what the server answers over this: taken, the message is sent;
 * refused for now, the row stays failed (the outbox repository puts only a row still in its
 * attempt back in the queue). So does one the SMTP server refused to sign in for.
 */
function failUnsentMail(db: Database, accountId: number, now: number): void {
  // Taken by the SMTP server, its Sent copy still to be saved: it went, and the archive can never
  // save the copy. Left accepted it showed "sending" for ever, with no way to dismiss it.
  db.prepare(
    `UPDATE outbox SET state = 'sent', sent_at = @now, sent_copy_error = @noCopy, sent_copy_retry_at = NULL,
       retry_at = NULL, waiting_online = 0, last_error = NULL, last_error_code = NULL
     WHERE account_id = @accountId AND state = 'accepted'`
  ).run({ accountId, now, noCopy: NO_COPY_BEFORE_ARCHIVE })
  db.prepare(
    `UPDATE outbox SET state = 'failed', retry_at = NULL, last_error_code = 'ACCOUNT_ARCHIVED',
       last_error = CASE WHEN state = 'sending' THEN @mayHaveGone ELSE @notSent END
     WHERE account_id = @accountId
       AND (state IN ('queued', 'sending') OR (state = 'failed' AND last_error_code = 'SMTP_AUTH_FAILED'))`
  ).run({ accountId, mayHaveGone: MAY_HAVE_GONE_BEFORE_ARCHIVE, notSent: NOT_SENT_FROM_ARCHIVE })
}
