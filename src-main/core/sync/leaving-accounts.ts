import { CoreError } from '../errors'

/**
 * Accounts being archived (SyncService.stopAccount): work of theirs stops at its next check, so
 * nothing more reaches their server once the archive returns.
 */
export class LeavingAccounts {
  private readonly leaving = new Set<number>()

  /** Marks the account as leaving; returns what lets its work start again. */
  mark(accountId: number): () => void {
    this.leaving.add(accountId)
    return () => void this.leaving.delete(accountId)
  }

  has(accountId: number): boolean {
    return this.leaving.has(accountId)
  }

  assertNot(accountId: number): void {
    if (this.leaving.has(accountId))
      throw new CoreError(
        'ACCOUNT_ARCHIVED',
        'This mailbox is being disconnected: nothing more goes to its server.'
      )
  }
}
