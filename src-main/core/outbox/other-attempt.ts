// A message can be in an attempt by another Rapport process on the same data directory (the app
// beside `rapport send`, which share one SQLite workspace): its claim (OutboxRepository.claim)
// names that process. `messages.send` waits for that attempt rather than answering as if the
// message could not be sent: the other process may be handing it to the SMTP server right now.
import { setTimeout as delay } from 'node:timers/promises'
import { CoreError } from '../errors'
import type { OutboxRepository } from './outbox-repository'

/** How often the row is looked at again: the other process writes its outcome there. */
const POLL_MS = 250

/** Whether a running process other than `owner` holds the row for its attempt now. */
export function heldElsewhere(repo: OutboxRepository, id: number, owner: string): boolean {
  const holder = repo.claimHolder(id)
  return holder !== null && holder !== owner && repo.holderRunning(holder)
}

/**
 * Waits until no other running process holds the row, for at most `budgetMs` of real time (an
 * attempt that lasts longer is a stuck SMTP server, which the Outbox shows). False: still held.
 */
export async function otherAttemptEnded(
  repo: OutboxRepository,
  id: number,
  owner: string,
  budgetMs: number
): Promise<boolean> {
  const until = performance.now() + budgetMs
  while (heldElsewhere(repo, id, owner)) {
    const left = until - performance.now()
    if (left <= 0) return false
    await delay(Math.min(POLL_MS, left))
  }
  return true
}

/**
 * Waits for another process's attempt at the row (see otherAttemptEnded); one still under way after
 * `budgetMs` is SEND_IN_PROGRESS, so that a script does not take it for unsent and send it again.
 */
export async function untilOtherAttemptEnds(
  repo: OutboxRepository,
  id: number,
  owner: string,
  budgetMs: number
): Promise<void> {
  if (await otherAttemptEnded(repo, id, owner, budgetMs)) return
  throw new CoreError(
    'SEND_IN_PROGRESS',
    'Another Rapport process (the app, or a rapport command) is sending this message right now and has not finished yet. The Outbox shows how it ends; it is not sent twice.'
  )
}
