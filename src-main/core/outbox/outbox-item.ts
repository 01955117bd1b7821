// An outbox row as windows and the CLI see it (the contract's OutboxItem): its state as shown at
// `now`, its recipients as they read, and times as ISO strings.
import type { OutboxItem } from '../../../src-preload/contract'
import type { OutboxRecord } from './outbox-reads'
import { visibleState } from './outbox-state'
import { shownAddress } from './outgoing-message'
import { NO_SENT_FOLDER } from './sent-copy-again'

/**
 * The row's recipients by field: those in its message's Cc, those in its Bcc, and the others in
 * its To. Only the row's own: a row for refused recipients sends to some of them.
 */
function byField(r: OutboxRecord): Pick<OutboxItem, 'to' | 'cc' | 'bcc'> {
  const among = (list: string[]) => new Set(list.map((address) => address.toLowerCase()))
  const cc = among(r.cc)
  const bcc = among(r.bcc)
  const where = (address: string) => {
    const key = address.toLowerCase()
    return bcc.has(key) ? 'bcc' : cc.has(key) ? 'cc' : 'to'
  }
  const pick = (field: 'to' | 'cc' | 'bcc') =>
    r.recipients.filter((address) => where(address) === field).map(shownAddress)
  return { to: pick('to'), cc: pick('cc'), bcc: pick('bcc') }
}

export function toOutboxItem(r: OutboxRecord, now: number): OutboxItem {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())
  return {
    id: r.id,
    accountId: r.accountId,
    messageId: r.messageId,
    subject: r.subject,
    ...byField(r),
    size: r.size,
    state: visibleState(r, now),
    sendAt: new Date(r.sendAt).toISOString(),
    retryAt: iso(r.retryAt),
    attempts: r.attempts,
    lastError: r.lastError,
    lastErrorCode: r.lastErrorCode,
    threadId: r.threadId,
    sentFolder: r.sentFolder,
    sentCopyError: r.sentCopyError,
    sentCopyErrorCode: r.sentCopyError === NO_SENT_FOLDER ? 'NO_SENT_FOLDER' : null,
    sentCopyRetryAt: r.sentCopyError === null ? null : iso(r.sentCopyRetryAt),
    createdAt: new Date(r.createdAt).toISOString(),
    sentAt: iso(r.sentAt)
  }
}
