import { CoreError } from '../errors'
import type { AccountLane } from './account-lane'

/**
 * Accounts being archived (SyncService.stopAccount): work of theirs stops at its next check, so
 * nothing more reaches their server once the archive returns.
 */
export class LeavingAccounts {
  private readonly leaving = new Set<number>()

  /**
   * The account is being archived: the pass under way stops at its next check (before its next
   * slice, its draft upload and the Outbox's sends after it), work queued on its lane does not
   * start, and this resolves once the lane is empty. Nothing more then reaches its server, until
   * the returned release, called once the archive is committed (the account's state guards from
   * then on) or failed. A login under way gives up at once (`holdLogins`), as for new servers:
   * it has sent nothing yet, and one to a server that never answers (often why a mailbox is
   * archived) would hold the archive until its connect timed out. An Outbox send past its login
   * is not cut off: it then says whether the server took the message.
   */
  async stop(accountId: number, lane: AccountLane, holdLogins: () => () => void): Promise<() => void> {
    this.leaving.add(accountId)
    const release = () => void this.leaving.delete(accountId)
    const releaseLogins = holdLogins()
    try {
      // The lane's tail never rejects: this waits for the running piece, however it ends.
      await lane.run(() => Promise.resolve())
    } finally {
      releaseLogins()
    }
    return release
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
