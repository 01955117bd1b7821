import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { isSqliteTrouble } from './sqlite-trouble'

/** How often a running owner writes that it runs (claim_owners, migration 0052). */
export const BEAT_MS = 30_000
/** An owner whose beat this process has seen unchanged this long (awake) is gone. */
export const STALE_MS = 10 * 60_000

/**
 * This process's clock for judging silence: monotonic, and (on Linux and macOS) not counting
 * time asleep. A beat is judged by how long this process has seen it unchanged, never by its
 * wall-clock age: after the computer sleeps, every beat is hours old, and the other process,
 * asleep too, may be in the middle of a send. Tests replace `now`.
 */
export const awakeClock = { now: (): number => performance.now() }

/**
 * Claims this process made and still holds ("<pid>:<random>"), with the database each beats in.
 * A claim naming this process's pid but none of these was left by an earlier process that had the
 * same pid and died (web mode in a container restarts as the same small pid; pids start over
 * after a reboot): it is not live.
 */
const ownersHere = new Map<string, Database>()
let ticker: NodeJS.Timeout | null = null
/** Another owner's beat as this process last read it, and when (awakeClock) it first read that. */
const beatsSeen = new Map<string, { aliveAt: number; since: number }>()
/** Judged owners remembered at most: each is one claim of another process. */
const SEEN_AT_MOST = 1_000

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

/**
 * Whether the process that made this claim ("<pid>:<random>") is still running: its pid runs, and
 * its beat has not stood still for STALE_MS of this process's awake time. A pid given again to an
 * unrelated program (after a reboot; on Windows within minutes) held the claim for ever before.
 */
export function claimLive(db: Database, claim: string): boolean {
  const pid = Number(claim.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return ownersHere.has(claim)
  if (!pidRunning(pid)) return false
  const row = db.prepare('SELECT alive_at FROM claim_owners WHERE owner = ?').get(claim) as
    { alive_at: number } | undefined
  // No beat at all: an owner that ended its workspace, or a Rapport from before the beats.
  if (!row) return false
  const now = awakeClock.now()
  const seen = beatsSeen.get(claim)
  if (seen?.aliveAt !== row.alive_at) {
    // A beat not seen before: it runs, as far as this process can tell yet.
    beatsSeen.delete(claim)
    beatsSeen.set(claim, { aliveAt: row.alive_at, since: now })
    if (beatsSeen.size > SEEN_AT_MOST) beatsSeen.delete(beatsSeen.keys().next().value!)
    return true
  }
  return now - seen.since < STALE_MS
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

/**
 * A beat (or an owner's row) the database refuses for the machine's sake is simply the next one:
 * thrown from the beat timer, it would end the process (an uncaught exception), and from a new
 * owner, the opening of the workspace, where reading it still works.
 */
function write(db: Database, statement: () => unknown): void {
  try {
    statement()
  } catch (error) {
    if (!isSqliteTrouble(error)) throw error
  }
}
