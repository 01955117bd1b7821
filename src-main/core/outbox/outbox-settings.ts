import type { Database } from 'better-sqlite3'
import type { SendLimits } from '../../../src-preload/contract'
import type { AccountRepository } from '../accounts/account-repository'
import { GMAIL_DAILY_WARNING, isGmailLike, UNDO_DELAY } from './outbox-state'
import type { SendCapRepository } from './send-cap'
import { setUndoDelaySeconds, undoDelaySeconds } from './undo-delay-setting'

/** The Outbox's settings: the Undo send delay, and each mailbox's daily send cap with its counts. */
export class OutboxSettings {
  constructor(
    private readonly deps: {
      db: Database
      caps: SendCapRepository
      accounts: AccountRepository
      now: () => number
    }
  ) {}

  undoDelay(): number {
    return undoDelaySeconds(this.deps.db) ?? UNDO_DELAY.default
  }

  setUndoDelay(seconds: number): number {
    setUndoDelaySeconds(this.deps.db, seconds)
    return seconds
  }

  limits(accountId: number): SendLimits {
    const account = this.deps.accounts.get(accountId)
    const { sent, waiting } = this.deps.caps.countedForCap(accountId, this.deps.now())
    return {
      accountId,
      dailyCap: this.deps.caps.dailyCap(accountId),
      sentToday: sent,
      waitingToday: waiting,
      warnAt: isGmailLike(account.email, account.smtp.host) ? GMAIL_DAILY_WARNING : null
    }
  }

  setDailyCap(accountId: number, cap: number | null): SendLimits {
    this.deps.accounts.get(accountId)
    this.deps.caps.setDailyCap(accountId, cap)
    return this.limits(accountId)
  }
}
