import type { AccountRecord, AccountRepository } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import type { Database } from '../db/database'
import type { CoreError } from '../errors'
import { parseMessage } from '../mail/message-parser'
import { toServerError } from '../mail-server/server-errors'
import { createSmtpTransport } from '../mail-server/smtp-transport'
import type { MessageStore } from '../store/message-store'
import type { FolderRepository } from '../sync/folder-repository'
import type { MailSession } from '../sync/task-runner'
import type { OutboxRecord, OutboxRepository } from './outbox-repository'
import { afterFailure, classifySendError, mustCheckSentFirst } from './outbox-state'
import { ensureInSent, findInSent, sentFolderOf, type SentCopy } from './sent-folder'

export type SenderDeps = {
  db: Database
  repo: OutboxRepository
  accounts: AccountRepository
  accountService: AccountService
  folders: FolderRepository
  store: MessageStore
  now: () => number
  log: (message: string) => void
  /**
   * Marks the message this one replies to as \Answered, locally and as a task for the server,
   * inside the transaction that records the send (so a crash cannot keep one without the other).
   */
  markAnswered?: (accountId: number, messageId: string) => void
}

/**
 * One attempt at one outbox message, over a connected IMAP session. The order is what makes it
 * exactly-once: `sending` is recorded before SMTP, `accepted` right after the server's 250, and a
 * retry of anything that may have gone out first looks for the Message-ID in Sent. An IMAP
 * failure is rethrown (the session is gone; the row stays where it was); an SMTP failure is
 * recorded on the row.
 */
export async function attemptSend(deps: SenderDeps, session: MailSession, item: OutboxRecord): Promise<void> {
  const { repo } = deps
  const account = deps.accounts.get(item.accountId)
  const raw = repo.raw(item.id)
  if (!raw) return
  const folder = await sentFolderOf(session.client, deps.folders, account.id)
  let copy: SentCopy | null = null
  if (item.state !== 'accepted') {
    const checkSent = mustCheckSentFirst(item)
    if (!repo.markSending(item.id)) return
    copy = checkSent && folder ? await findInSent(session.client, folder, item.messageId) : null
    if (!copy) {
      const failure = await sendOverSmtp(deps, account, item, raw)
      if (failure) {
        const refusedLogin = refusedSignIn(failure, account)
        if (refusedLogin) {
          // The password (or token) stopped working: not this message's fault. It waits, and
          // the caller pauses the account in "sign in again" with the server's words.
          deps.repo.markRetry(item.id, refusedLogin.message, deps.now(), true)
          throw refusedLogin
        }
        recordFailure(deps, item, failure)
        return
      }
    }
    repo.markAccepted(item.id)
  }
  const date = new Date(item.sendAt)
  if (!copy && folder) {
    try {
      copy = await ensureInSent(session.client, folder, item.messageId, raw, date)
    } catch (error) {
      // Accepted stays accepted: the next flush only adds the Sent copy. A refusal (no room,
      // no right) is not worth blocking on: the local copy is kept and a later sync finds it.
      if (!session.client.usable) throw error
      deps.log(
        `Sent, but could not save a copy to ${folder.path}: ${toServerError(error, 'imap', account.imap.host).message}`
      )
    }
  }
  await storeLocally(deps, account, item, raw, date, copy)
}

async function sendOverSmtp(
  deps: SenderDeps,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer
): Promise<unknown> {
  try {
    const credentials = await deps.accountService.credentials(account)
    const transport = createSmtpTransport(account.smtp, credentials)
    try {
      await transport.sendMail({ envelope: { from: account.email, to: item.recipients }, raw })
    } finally {
      transport.close()
    }
    return null
  } catch (error) {
    return error ?? new Error('unknown SMTP failure')
  }
}

/** The SMTP server refused the login itself (535 and the like), as a CoreError; else null. */
function refusedSignIn(error: unknown, account: AccountRecord): CoreError | null {
  const coreError = toServerError(error, 'smtp', account.smtp.host)
  return coreError.code === 'AUTH_FAILED' ? coreError : null
}

function recordFailure(deps: SenderDeps, item: OutboxRecord, error: unknown): void {
  const account = deps.accounts.get(item.accountId)
  const text = toServerError(error, 'smtp', account.smtp.host).message
  const next = afterFailure(classifySendError(error), item.attempts + 1, deps.now())
  if (next.state === 'failed') deps.repo.markFailed(item.id, text)
  else deps.repo.markRetry(item.id, text, next.retryAt, next.waitingOnline)
}

/** Stores the sent message in its thread (once: the store dedups by Message-ID) and closes the row. */
async function storeLocally(
  deps: SenderDeps,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer,
  date: Date,
  copy: SentCopy | null
): Promise<void> {
  const parsed = await parseMessage(raw, date)
  // Only record the location when it belongs to the UIDVALIDITY we track for the folder.
  const sameEpoch = copy && (copy.folder.uidValidity === null || copy.folder.uidValidity === copy.uidValidity)
  deps.db.transaction(() => {
    const result = deps.store.storeBatch(
      {
        accountId: account.id,
        threadingEnabled: account.threadingEnabled,
        ownAddresses: deps.accounts.ownAddresses(),
        folder: copy ? { id: copy.folder.id, uidValidity: copy.uidValidity, isSent: true } : null
      },
      [{ uid: sameEpoch ? copy.uid : null, flags: ['\\Seen'], parsed }]
    )
    const threadId = [...result.threadIds][0] ?? 0
    if (parsed.inReplyTo) deps.markAnswered?.(account.id, parsed.inReplyTo)
    deps.repo.markSent(item.id, { threadId, sentFolder: copy?.folder.path ?? null, at: deps.now() })
  })()
}
