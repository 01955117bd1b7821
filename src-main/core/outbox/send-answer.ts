// messages.send's answer, read from its row once the attempt is over: sent (with the recipients
// refused meanwhile), or why not, as an error a script or the composer can act on. Above all, a
// message that may have gone must never read as "not sent yet", or it is sent again.
import type { CommandOutput } from '../../../src-preload/contract'
import type { AccountRepository } from '../accounts/account-repository'
import { signInAgainText } from '../accounts/sign-in-again'
import { CoreError } from '../errors'
import { toOutboxItem } from './outbox-item'
import type { OutboxRecord, OutboxRepository } from './outbox-repository'
import { awaitingSentCheckText, UNRECORDED_ATTEMPT } from './outbox-state'
import { shownAddress } from './outgoing-message'

export type SendResult = CommandOutput<'messages.send'>

/** How a message that waits for its server, offline or let in later, is said to wait. */
const WAITS_TO_GO = 'It waits in the Outbox and goes out on its own as soon as it can.'

function existing(repo: OutboxRepository, id: number): OutboxRecord {
  const row = repo.find(id)
  if (!row) throw new CoreError('NOT_FOUND', `There is no outbox message with id ${id}.`, 'id')
  return row
}

/** What messages.send answers for outbox row `id` of `accountId` once no attempt at it runs. */
export function sendAnswer(
  repo: OutboxRepository,
  accounts: AccountRepository,
  accountId: number,
  id: number,
  now: number
): SendResult {
  const after = toOutboxItem(existing(repo, id), now)
  const notSentTo = () =>
    repo.refusedRows(id).map((r) => ({
      to: r.recipients.map(shownAddress),
      state: r.state === 'failed' ? ('failed' as const) : ('retrying' as const),
      reason: r.lastError ?? ''
    }))
  if (after.state === 'sent' && after.threadId !== null) {
    return {
      messageId: after.messageId,
      threadId: after.threadId,
      sentFolder: after.sentFolder,
      sentCopyError: after.sentCopyError,
      sentCopyPending: false,
      notSentTo: notSentTo()
    }
  }
  // The SMTP server took it, and the mailbox was lost before its copy went to Sent (the sender
  // stored it in its thread): it reached its recipients. Saying it "waits to go out" would have
  // a script, or the user, send it again.
  const record = existing(repo, id)
  if (record.state === 'accepted' && record.threadId !== null) {
    return {
      messageId: record.messageId,
      threadId: record.threadId,
      sentFolder: null,
      sentCopyError: null,
      sentCopyPending: true,
      notSentTo: notSentTo()
    }
  }
  // Held by the daily cap (a send made at the same moment went first): the cap's words and code.
  if (after.state !== 'failed' && after.lastErrorCode === 'SEND_CAP_REACHED')
    throw new CoreError('SEND_CAP_REACHED', after.lastError ?? 'The daily send limit is reached.')
  if (after.state === 'failed')
    throw new CoreError(
      after.lastErrorCode === 'SEND_UNCONFIRMED' || after.lastErrorCode === 'SMTP_AUTH_FAILED'
        ? after.lastErrorCode
        : 'SEND_FAILED',
      after.lastError ?? 'Sending failed.'
    )
  const account = accounts.get(accountId)
  if (account.state === 'needs-signin') {
    throw new CoreError(
      'AUTH_FAILED',
      `${signInAgainText(account)} The message waits in the Outbox and is sent once you sign in again.`,
      'password'
    )
  }
  const row = existing(repo, id)
  if (row.maybeDelivered) throw new CoreError('HOST_UNREACHABLE', awaitingSentCheckText(account.smtp.host))
  // The attempt began, and how it ended was never written (the server's 250 came while another
  // process held the database, or the disk was full): it may have gone. "Could not be sent yet"
  // had a script send it again.
  if (row.state === 'sending') throw new CoreError('SEND_UNCONFIRMED', UNRECORDED_ATTEMPT)
  // The SMTP server was reached and refused it for now (4xx, e.g. greylisting): its words, under
  // a code of its own, so a script does not take it for a failure (SEND_FAILED) and send it again.
  if (row.lastErrorCode === 'SEND_DEFERRED')
    throw new CoreError(
      'SEND_DEFERRED',
      `${row.lastError ?? 'The SMTP server refused the message.'} The SMTP server refused it for now, so it waits in the Outbox and Rapport tries again on its own.`
    )
  // No attempt could begin: the IMAP server answered and would not let Rapport in for now (a login
  // refused at its connection limit, RFC 5530 UNAVAILABLE/INUSE/LIMIT; outbox-lane.ts noteOffline).
  // Queued as if offline, so said as a refusal for now: a failure code read as a failed send, and
  // a script (or the user) sent it again, and the recipients got it twice.
  // (SYNC_FAILED waiting online: as such a refusal was noted before it had a code of its own.)
  if (
    row.lastErrorCode === 'LOGIN_REFUSED_FOR_NOW' ||
    (row.lastErrorCode === 'SYNC_FAILED' && row.waitingOnline)
  )
    throw new CoreError(
      'SEND_DEFERRED',
      `${row.lastError ?? 'The IMAP server refused for now.'} ${WAITS_TO_GO}`
    )
  // Not the network: the IMAP server's refusal, or Rapport's own failure (attempt-error.ts).
  if (row.lastErrorCode === 'SYNC_FAILED')
    throw new CoreError(
      'SYNC_FAILED',
      `${row.lastError ?? 'The IMAP server refused.'} The message waits in the Outbox and is tried again on its own.`
    )
  if (row.lastErrorCode === 'INTERNAL')
    throw new CoreError('INTERNAL', row.lastError ?? 'The message could not be sent yet.')
  throw new CoreError(
    'HOST_UNREACHABLE',
    `${after.lastError ?? 'The message could not be sent yet.'} ${WAITS_TO_GO}`
  )
}
