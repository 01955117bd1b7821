import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'

/** How often a running owner writes that it runs (claim_owners, migration 0052). */
export const BEAT_MS = 30_000
/** An owner silent this long is gone, even while some process has its pid. */
export const STALE_MS = 10 * 60_000

/**
 * Claims this process made and still holds ("<pid>:<random>"), with the database each beats in.
 * A claim naming this process's pid but none of these was left by an earlier process that had the
 * same pid and died (web mode in a container restarts as the same small pid; pids start over
 * after a reboot): it is not live.
 */
const ownersHere = new Map<string, Database>()
let ticker: NodeJS.Timeout | null = null
let lastTick = Date.now()
/**
 * When this process last came back from a pause of its own clock (the computer slept): until it
 * has been awake for STALE_MS, another owner's old beat may only mean that it slept too and has
 * not beaten yet, so it is not judged gone. Null: no pause seen.
 */
let wokeAt: number | null = null

/** A new claim owner of this process ("<pid>:<random>"), live until `endOwner`. */
export function newOwner(db: Database): string {
  const owner = `${process.pid}:${randomUUID()}`
  ownersHere.set(owner, db)
  beat(owner, db)
  forgetLongGone(db)
  ticker ??= setInterval(tick, BEAT_MS).unref()
  return owner
}

/** This owner makes no more claims (its workspace closed): what it still names is not live. */
export function endOwner(owner: string): void {
  const db = ownersHere.get(owner)
  ownersHere.delete(owner)
  if (db?.open) write(db, () => db.prepare('DELETE FROM claim_owners WHERE owner = ?').run(owner))
  if (ownersHere.size === 0 && ticker) {
    clearInterval(ticker)
    ticker = null
  }
}

/** Whether the process that made this claim ("<pid>:<random>") is still running. */
export function claimLive(db: Database, claim: string): boolean {
  const pid = Number(claim.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return ownersHere.has(claim)
  if (!pidRunning(pid)) return false
  const row = db.prepare('SELECT alive_at FROM claim_owners WHERE owner = ?').get(claim) as
    { alive_at: number } | undefined
  // No beat at all: an owner that ended its workspace, or a Rapport from before the beats.
  if (!row) return false
  const now = Date.now()
  return row.alive_at > now - STALE_MS || (wokeAt !== null && now - wokeAt < STALE_MS)
}

function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function tick(): void {
  const now = Date.now()
  // A timer late by far more than its period: the process (the whole computer) was paused.
  if (now - lastTick > 3 * BEAT_MS) wokeAt = now
  lastTick = now
  for (const [owner, db] of ownersHere) {
    // A workspace closed without ending its owner (the process stops): nothing to beat in.
    if (db.open) beat(owner, db)
    else ownersHere.delete(owner)
  }
}

function beat(owner: string, db: Database): void {
  write(db, () =>
    db
      .prepare(
        `INSERT INTO claim_owners (owner, alive_at) VALUES (?, ?)
         ON CONFLICT (owner) DO UPDATE SET alive_at = excluded.alive_at`
      )
      .run(owner, Date.now())
  )
}

/** Owners that crashed long ago: their rows would only pile up, one per run. */
function forgetLongGone(db: Database): void {
  write(db, () => db.prepare('DELETE FROM claim_owners WHERE alive_at < ?').run(Date.now() - 7 * 86_400_000))
}

/** A beat that finds the database busy (another process's long write) is simply the next one. */
function write(db: Database, statement: () => unknown): void {
  try {
    statement()
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
  }
}
