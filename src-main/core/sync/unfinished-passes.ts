import type { CoreError } from '../errors'
import type { PassScope } from './account-pass'

/**
 * Per account, the part of the mailbox a pass failed on and no pass has covered since: INBOX, the
 * other folders, or all of it. A pass that ends well over another part (an INBOX pass from IDLE
 * while a refused Archive failed the last full pass) must not say "up to date": that error stands.
 */
export class UnfinishedPasses {
  private readonly failed = new Map<number, { scope: PassScope; error: CoreError }>()

  failedPass(accountId: number, scope: PassScope, error: CoreError): void {
    const before = this.failed.get(accountId)
    this.failed.set(accountId, { scope: before && before.scope !== scope ? 'all' : scope, error })
  }

  /** A pass over `scope` ended well. Returns the error still standing, when it covered less than failed. */
  passed(accountId: number, scope: PassScope): CoreError | null {
    const failed = this.failed.get(accountId)
    if (!failed) return null
    if (scope !== 'all' && scope !== failed.scope) return failed.error
    this.failed.delete(accountId)
    return null
  }

  has(accountId: number): boolean {
    return this.failed.has(accountId)
  }
}
