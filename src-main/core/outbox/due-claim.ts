// A flush takes each listed message for its attempt here: claimed, read again, still due, and let
// go by the daily cap, in one transaction holding the database's write lock.
import type { Database } from 'better-sqlite3'
import type { AccountRepository } from '../accounts/account-repository'
import type { OutboxRecord, OutboxRepository } from './outbox-repository'
import { isDue } from './outbox-state'
import { capHold, type SendCapRepository } from './send-cap'

export type DueClaim = {
  db: Database
  accounts: AccountRepository
  repo: OutboxRepository
  caps: SendCapRepository
  /** This process's attempts (OutboxRepository.claim). */
  owner: string
  now: number
}

/**
 * Takes a listed row for an attempt by this process, as it is now, when it is still due and the
 * daily cap lets it go; null otherwise (released). The row as it is now, not as the list read it
 * before the earlier sends: another process may have sent it, put it back with a backoff, or
 * left it mid-attempt (a crash), when it must be looked for in Sent first. The claim and the cap
 * check are one transaction holding the database's write lock, and the cap counts rows another
 * attempt has claimed (SendCapRepository.sentTimes): another process flushing the same account
 * (the app beside `rapport send`) checks its next message either before this claim, or after it
 * and counting it, never in between, so two due messages cannot both pass a cap left for one.
 */
export function claimDue(claim: DueClaim, id: number, online: boolean): OutboxRecord | null {
  const { db, repo, owner, now } = claim
  return db
    .transaction(() => {
      // Another Rapport process on this data directory is making its own attempt at it.
      if (!repo.claim(id, owner)) return null
      const item = repo.find(id)
      if (item && isDue(item, now, online) && !heldByCap(claim, item)) return item
      repo.release(id, owner)
      return null
    })
    .immediate()
}

/**
 * A message that became due while the last 24 hours already hold the daily cap waits, untried,
 * with its retry time at the moment the window lets it go, so the scheduler's timer sleeps
 * until then. A row for refused recipients is part of a message that was already counted.
 */
function heldByCap(claim: DueClaim, item: OutboxRecord): boolean {
  if (item.state !== 'queued' || item.completesId !== null) return false
  const hold = capHold(claim.caps, claim.accounts.get(item.accountId), claim.now, item.id)
  if (hold) claim.repo.holdForCap(item.id, hold.reason, hold.until)
  return hold !== null
}
