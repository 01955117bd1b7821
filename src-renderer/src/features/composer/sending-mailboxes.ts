import type { Account } from '../../../../src-preload/contract'

/** A mailbox Send can go from: not a read-only archive, not sample data (whose Send is refused). */
export function canSendFrom(account: Pick<Account, 'kind' | 'state'>): boolean {
  return account.kind === 'mailbox' && !isArchive(account)
}

/** Disconnected and kept as a read-only archive: its mail is read here, never changed or sent. */
export function isArchive(account: Pick<Account, 'state'>): boolean {
  return account.state === 'archived'
}

/**
 * The mailboxes New message offers as From: those that can send, so an archived mailbox (listed
 * first, say) is never the one a message is written from; all of them when none can, so Send
 * still says why it is refused.
 */
export function fromChoices(accounts: readonly Account[]): readonly Account[] {
  const sending = accounts.filter(canSendFrom)
  return sending.length > 0 ? sending : accounts
}
