import type { AccountRecord, AccountRepository } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import type { Database } from '../db/database'
import { parseMessage, type ParsedMessage } from '../mail/message-parser'
import { sessionOpen } from '../mail-server/guarded-commands'
import { keptAlive } from '../mail-server/imap-session'
import { CoreError } from '../errors'
import { toServerError } from '../mail-server/server-errors'
import type { MessageStore } from '../store/message-store'
import type { FolderRecord, FolderRepository } from '../sync/folder-repository'
import type { MailSession } from '../sync/task-runner'
import type { OutboxRecord, OutboxRepository } from './outbox-repository'
import {
  afterFailure,
  awaitingSentCheckText,
  classifySendError,
  mayHaveBeenDelivered,
  maybeDeliveredText
} from './outbox-state'
import { planSplit, refusalsOf, type Refusal } from './refused-recipients'
import {
  copyFound,
  ensureInSent,
  findInSent,
  isUnreadable,
  sentFolderOf,
  sentUnreadableText,
  type SentCopy
} from './sent-folder'
import { copyRefusal, type CopyRefusal } from './sent-copy-retry'
import { submitOverSmtp } from './smtp-submit'

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
  /**
   * Aborted while the account's servers are being changed (SyncService.holdLogins): a send still
   * connecting to the old SMTP server gives up, and waits for the new one as if offline.
   */
  loginSignal?: (accountId: number) => AbortSignal
}

/**
 * One attempt at one outbox message, over a connected IMAP session. The order is what makes it
 * exactly-once: `sending` is recorded before SMTP, `accepted` right after the server's 250, and a
 * retry of anything that may have gone out first looks for the Message-ID in Sent. An IMAP
 * failure is rethrown (the session is gone; the row stays where it was); an SMTP failure is
 * recorded on the row.
 */
export async function attemptSend(deps: SenderDeps, session: MailSession, item: OutboxRecord): Promise<void> {
  // SMTP can take minutes for a large message on a slow line, while the IMAP session waits.
  if (item.completesId !== null) return keptAlive(session.client, () => sendToRefused(deps, item))
  const { repo } = deps
  const account = deps.accounts.get(item.accountId)
  const raw = repo.raw(item.id)
  if (!raw) return
  const folder = await sentFolderOf(session.client, deps.folders, account.id)
  let copy: SentCopy | null = null
  if (item.state !== 'accepted') {
    const outcome = await submitUnlessInSent(deps, session, account, item, raw, folder)
    if (outcome === 'stopped') return
    copy = outcome
  }
  const date = new Date(item.sendAt)
  let copyRefused: CopyRefusal | undefined
  if (!copy && folder) {
    try {
      copy = await saveInSent(deps, session, folder, account, item, raw)
    } catch (error) {
      // Accepted stays accepted: the next flush only adds the Sent copy. A refusal (no room,
      // no right) does not hold the message up, it went: the row stays in the Outbox saying so,
      // with its bytes, until the copy is saved again (Retry) or the user lets it go.
      if (!sessionOpen(session.client)) {
        // It went: its conversation shows it now, not only once the mailbox is back.
        await storeAccepted(deps, account, item, raw, date)
        throw error
      }
      copyRefused = copyRefusal(error, account.imap.host, 0, deps.now())
      deps.log(`Sent, but could not save a copy to ${folder.path}: ${copyRefused.text}`)
    }
  }
  await storeLocally(deps, account, item, raw, date, copy, copyRefused)
}

/**
 * Gets an unaccepted row to the SMTP server, unless an earlier attempt may have: then Sent is
 * looked at first. Says what Sent held (null: the server took it just now), or 'stopped' when
 * it is not accepted (the row says why).
 */
async function submitUnlessInSent(
  deps: SenderDeps,
  session: MailSession,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer,
  folder: FolderRecord | null
): Promise<SentCopy | null | 'stopped'> {
  const { repo } = deps
  const checkSent = item.sentCheckDue
  if (!repo.markSending(item.id)) return 'stopped'
  if (item.maybeDelivered) return settleMaybeDelivered(deps, session, account, item, folder)
  const found = checkSent && folder ? await findInSent(session.client, folder, item.messageId) : null
  // Sending blind could make a duplicate: unless the user chose to (Retry), they are asked.
  if (isUnreadable(found) && !item.resendConfirmed) {
    repo.markFailed(item.id, sentUnreadableText(folder!.path, found.unreadable), 'SENT_UNREADABLE')
    deps.log(
      `${item.messageId} may have gone on an earlier try, and ${folder!.path} cannot be read; not sent again`
    )
    return 'stopped'
  }
  const copy = copyFound(found)
  if (copy) {
    repo.markAccepted(item.id)
    return copy
  }
  const result = await keptAlive(session.client, () =>
    submitOverSmtp(deps.accountService, account, item.recipients, raw, deps.loginSignal?.(account.id))
  )
  if (!result.ok) {
    if (!mayHaveBeenDelivered(result.error, result.handedOver)) {
      recordFailure(deps, account, item, result.error)
      return 'stopped'
    }
    repo.markMaybeDelivered(item.id, awaitingSentCheckText(account.smtp.host))
    return settleMaybeDelivered(deps, session, account, item, folder)
  }
  try {
    deps.db.transaction(() => {
      splitRefused(deps, item, result.refused)
      repo.markAccepted(item.id)
    })()
  } catch (error) {
    // The server took it, and Rapport could not write so (another process's write held the
    // database past its busy timeout, a full disk): the row still says "sending", and the next
    // attempt looks in Sent first. The copy goes there now, or that look would find nothing and
    // the message would go to its recipients again.
    if (folder) await saveInSent(deps, session, folder, account, item, raw).catch(() => undefined)
    throw error
  }
  return null
}

/**
 * The server may have delivered the message without saying so. A server that files what it
 * accepts in Sent (Gmail) shows it there: then it was sent. Otherwise nothing tells, and sending
 * it again could make a duplicate: it fails, saying so, and the user's Retry sends it again.
 */
async function settleMaybeDelivered(
  deps: SenderDeps,
  session: MailSession,
  account: AccountRecord,
  item: OutboxRecord,
  folder: FolderRecord | null
): Promise<SentCopy | 'stopped'> {
  // A Sent that cannot be read shows nothing either: the user decides, as when it is not there.
  const copy = folder ? copyFound(await findInSent(session.client, folder, item.messageId)) : null
  if (copy) {
    deps.repo.markAccepted(item.id)
    return copy
  }
  deps.repo.markFailed(item.id, maybeDeliveredText(account.smtp.host), 'SEND_UNCONFIRMED')
  deps.log(`${item.messageId} may have been delivered (connection lost before the answer); not sent again`)
  return 'stopped'
}

/**
 * A row for recipients refused while the message went to the others. Sent already holds the
 * message (with this Message-ID, so looking there would find it "sent") and its thread shows it:
 * after the server's 250 the row is only marked sent. Without the Sent check, a crash between
 * the 250 and that write can send it to these recipients twice.
 */
async function sendToRefused(deps: SenderDeps, item: OutboxRecord): Promise<void> {
  const { repo } = deps
  const account = deps.accounts.get(item.accountId)
  const raw = repo.raw(item.id)
  if (!raw || !repo.markSending(item.id)) return
  const result = await submitOverSmtp(
    deps.accountService,
    account,
    item.recipients,
    raw,
    deps.loginSignal?.(account.id)
  )
  // Sent holds this message already, so it cannot tell whether these recipients got it.
  if (!result.ok && mayHaveBeenDelivered(result.error, result.handedOver))
    return repo.markFailed(item.id, maybeDeliveredText(account.smtp.host), 'SEND_UNCONFIRMED')
  if (!result.ok) return recordFailure(deps, account, item, result.error)
  deps.db.transaction(() => {
    splitRefused(deps, item, result.refused)
    repo.markCompletionSent(item.id, deps.now())
  })()
}

/**
 * Some recipients were refused while the server took the message for the others: the row keeps
 * those it went to, and the refused ones get rows of their own (one to retry, one failed), so
 * none is dropped silently. Runs in the transaction that records the send.
 */
function splitRefused(deps: SenderDeps, item: OutboxRecord, refused: Refusal[]): void {
  if (refused.length === 0) return
  const now = deps.now()
  const plan = planSplit(item.recipients, refused, item.refusedAttempts, now)
  for (const group of plan.groups) deps.repo.insertRefused({ source: item, ...group, now })
  deps.repo.narrowRecipients(item.id, plan.accepted)
  deps.log(`Sent ${item.messageId}, but the server refused: ${refused.map((r) => r.text).join('; ')}`)
}

/**
 * Records why the SMTP step failed, which also says the message did not go (the server answered
 * before taking it, or none was reached): in one transaction, so a crash cannot leave the row
 * with one and not the other.
 *
 * The SMTP server refusing to sign in fails the row (SMTP_AUTH_FAILED), and is thrown so the flush
 * tries no other row with it (it fails those due now, untried). It does not pause the account:
 * the IMAP server accepted the same sign-in for the session this runs on, so receiving goes on (a
 * provider that turned SMTP sign-in off for the account, or another password for sending).
 * Signing in again or new server settings put the row back in the queue
 * (OutboxRepository.releaseSmtpRefused), and so does Retry.
 * Credentials Rapport could not get (an OAuth2 token it cannot refresh) are the account's: the
 * row waits, and the error is rethrown so the caller pauses the account in "sign in again".
 */
function recordFailure(deps: SenderDeps, account: AccountRecord, item: OutboxRecord, error: unknown): void {
  const coreError = toServerError(error, 'smtp', account.smtp.host)
  // The SMTP server's refusal comes from nodemailer; Rapport's own credentials fail as a CoreError.
  const accountRefused = coreError.code === 'AUTH_FAILED' && error instanceof CoreError
  deps.db.transaction(() => {
    deps.repo.markNotSent(item.id)
    if (accountRefused) deps.repo.markWaitingForSignIn(item.id, coreError.message, deps.now())
    else recordWhy(deps, item, error, coreError)
  })()
  if (accountRefused) throw coreError
  if (coreError.code === 'AUTH_FAILED') throw new CoreError('SMTP_AUTH_FAILED', smtpRefusedText(coreError))
}

/** The server's refusal, and that it concerns sending only. */
function smtpRefusedText(refusal: CoreError): string {
  return `${refusal.message} Receiving mail goes on; this message was not sent. Fix the outgoing server settings, or ask your provider whether this account may send mail, then choose Retry.`
}

function recordWhy(deps: SenderDeps, item: OutboxRecord, error: unknown, coreError: CoreError): void {
  const now = deps.now()
  if (coreError.code === 'AUTH_FAILED') return deps.repo.markSmtpRefused(item.id, smtpRefusedText(coreError))
  const kind = classifySendError(error)
  if (kind === 'offline') {
    const next = afterFailure('offline', item.offlineAttempts + 1, now)
    if (next.state === 'queued') deps.repo.markSmtpUnreachable(item.id, coreError.message, next.retryAt)
    return
  }
  // Every recipient refused: each one's reason, where nodemailer's message gives only one (the
  // first refused for now, which also makes the whole a refusal for now: it is retried).
  const refused = refusalsOf(error)
  const text =
    refused.length > 1
      ? `The SMTP server refused every recipient: ${refused.map((r) => r.text).join('; ')}`
      : coreError.message
  const next = afterFailure(kind, item.refusedAttempts + 1, now)
  if (next.state === 'failed') deps.repo.markFailed(item.id, text, coreError.code)
  else deps.repo.markRefusedForNow(item.id, text, next.retryAt)
}

/** Stores the sent message in its thread (once: the store dedups by Message-ID) and closes the row. */
async function storeLocally(
  deps: SenderDeps,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer,
  date: Date,
  copy: SentCopy | null,
  copyRefused?: CopyRefusal
): Promise<void> {
  const parsed = await parseMessage(raw, date)
  deps.db.transaction(() => {
    const threadId = storeSentMessage(deps, account, parsed, copy, sentFlags(deps, account, item))
    if (parsed.inReplyTo) deps.markAnswered?.(account.id, parsed.inReplyTo)
    deps.repo.markSent(item.id, {
      threadId,
      sentFolder: copy?.folder.path ?? null,
      at: deps.now(),
      ...(copyRefused === undefined ? {} : { copyRefusal: copyRefused })
    })
  })()
}

/**
 * The SMTP server took the message, and the mailbox was lost before its copy went to Sent (the
 * row stays accepted: the copy and the sent mark follow once online), or is being archived. It is
 * stored in its thread now, without a location, so the conversation shows it; a later store adds
 * the location.
 */
export async function storeAccepted(
  deps: SenderDeps,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer,
  date: Date
): Promise<void> {
  const parsed = await parseMessage(raw, date)
  deps.db.transaction(() => {
    deps.repo.noteThread(item.id, storeSentMessage(deps, account, parsed, null))
  })()
}

/**
 * The sent message in its thread, at its copy in Sent when there is one (a message stored
 * already gets the location only). Returns its thread.
 */
export function storeSentMessage(
  deps: Pick<SenderDeps, 'store' | 'accounts'>,
  account: AccountRecord,
  parsed: ParsedMessage,
  copy: SentCopy | null,
  flags: string[] = ['\\Seen']
): number {
  // Only record the location when it belongs to the UIDVALIDITY we track for the folder.
  const sameEpoch = copy && (copy.folder.uidValidity === null || copy.folder.uidValidity === copy.uidValidity)
  const result = deps.store.storeBatch(
    {
      accountId: account.id,
      threadingEnabled: account.threadingEnabled,
      ownAddresses: deps.accounts.ownAddresses(),
      folder: copy ? { id: copy.folder.id, uidValidity: copy.uidValidity, isSent: true } : null,
      // Sent just now: it brings a tombstoned conversation back as new, not "as it was".
      sentNow: true
    },
    [{ uid: sameEpoch ? copy.uid : null, flags, parsed }]
  )
  return [...result.threadIds][0] ?? 0
}

/** The message's copy in Sent: the one the server filed itself, or one appended now. */
export function saveInSent(
  deps: Pick<SenderDeps, 'db'>,
  session: MailSession,
  folder: FolderRecord,
  account: AccountRecord,
  item: OutboxRecord,
  raw: Buffer
): Promise<SentCopy> {
  const flags = sentFlags(deps, account, item)
  return ensureInSent(session.client, folder, item.messageId, raw, new Date(item.sendAt), flags)
}

/**
 * The flags a copy for Sent is saved with: \Seen, or, for a message already shown in its thread
 * without a copy (taken before the mailbox went offline, or its copy refused), the flags the user
 * gave it there. A flag change on it found no copy on the server and went nowhere.
 */
export function sentFlags(
  deps: Pick<SenderDeps, 'db'>,
  account: Pick<AccountRecord, 'id'>,
  item: Pick<OutboxRecord, 'messageId'>
): string[] {
  const row = deps.db
    .prepare('SELECT flags_json FROM messages WHERE account_id = ? AND message_id = ? AND is_draft = 0')
    .get(account.id, item.messageId) as { flags_json: string } | undefined
  if (!row) return ['\\Seen']
  // Only the flags the user sets in Rapport: a Sent folder may refuse keywords it does not know
  // (no \\* in its PERMANENTFLAGS), and the copy would be refused with them.
  return (JSON.parse(row.flags_json) as string[]).filter((flag) => USER_FLAGS.has(flag))
}

const USER_FLAGS = new Set(['\\Seen', '\\Flagged', '\\Answered'])
