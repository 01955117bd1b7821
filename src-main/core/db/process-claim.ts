import { randomUUID } from 'node:crypto'

/**
 * Claims this process made and still holds ("<pid>:<random>"). A claim naming this process's pid
 * but none of these was left by an earlier process that had the same pid and died (web mode in a
 * container restarts as the same small pid; pids start over after a reboot): it is not live.
 */
const ownersHere = new Set<string>()

/** A new claim owner of this process ("<pid>:<random>"), live until `endOwner`. */
export function newOwner(): string {
  const owner = `${process.pid}:${randomUUID()}`
  ownersHere.add(owner)
  return owner
}

/** This owner makes no more claims (its workspace closed): what it still names is not live. */
export function endOwner(owner: string): void {
  ownersHere.delete(owner)
}

/** Whether the process that made this claim ("<pid>:<random>") is still running. */
export function claimLive(claim: string): boolean {
  const pid = Number(claim.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return ownersHere.has(claim)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
