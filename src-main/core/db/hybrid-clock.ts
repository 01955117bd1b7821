import { randomUUID } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import { readSetting } from './settings'
import { highestStoredHlc } from './stored-hlc'

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): physical
 * milliseconds, a counter for events in the same millisecond (or while the wall clock is behind),
 * and the workspace's node id. Timestamps compare as strings, which is what last-writer-wins
 * merging of shared rows needs: `001767225600000-0000-0123456789abcdef`.
 *
 * Every hlc stored in the workspace comes from tick(), or passed through receive() (a teammate's,
 * on import): the clock keeps the highest it reached, and a restart goes on from there.
 */
export class HybridClock {
  private lastMs = 0
  private counter = 0

  constructor(
    readonly nodeId: string,
    // Looked up on each call, not kept: tests replace Date.now after the clock is made.
    private readonly now: () => number = () => Date.now(),
    private readonly options: HybridClockOptions = {}
  ) {
    const after = options.after === undefined ? null : parseHlc(options.after)
    if (after) {
      this.lastMs = after.ms
      this.counter = after.counter
    }
  }

  /** Opens the workspace's clock: its node id, and past the highest timestamp it ever reached. */
  static forDatabase(db: Database, now?: () => number): HybridClock {
    let nodeId = readSetting(db, NODE_ID_KEY)
    if (nodeId === undefined) {
      nodeId = randomUUID().replaceAll('-', '').slice(0, 16)
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(NODE_ID_KEY, nodeId)
    }
    // A workspace from before the clock was kept (or one never edited) has no LAST_KEY: its rows say.
    const after = readSetting(db, LAST_KEY) ?? highestStoredHlc(db)
    // Only past the last kept: another process on the same workspace (the CLI beside the app) has
    // the same node id, and may have gone further since this one started.
    const keep = db.prepare(
      `INSERT INTO settings (key, value) VALUES ('${LAST_KEY}', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE excluded.value > settings.value`
    )
    return new HybridClock(nodeId, now, {
      after,
      keep: (hlc) => keep.run(hlc).changes > 0,
      latest: () => readSetting(db, LAST_KEY)
    })
  }

  /** A timestamp for a local change: after every timestamp this clock gave or received. */
  tick(): string {
    const wall = this.now()
    if (wall > this.lastMs) this.moveTo(wall, 0)
    else this.moveTo(this.lastMs, this.counter + 1)
    return this.stamp()
  }

  /**
   * Takes in a teammate's timestamp (HLC receive rule), so that every later local change sorts
   * after it, and returns the timestamp of taking it in. Refuses (RemoteClockAheadError) one
   * further ahead of this machine's clock than maxAheadMs: taking it would drag this clock, and
   * through later exports every teammate's, that far ahead for good.
   */
  receive(remote: string): string {
    const theirs = parseHlc(remote)
    if (!theirs) throw new Error(`Not a hybrid clock timestamp: ${JSON.stringify(remote)}`)
    const wall = this.now()
    const aheadMs = theirs.ms - wall
    if (aheadMs > (this.options.maxAheadMs ?? DEFAULT_MAX_AHEAD_MS))
      throw new RemoteClockAheadError(remote, aheadMs)
    const ms = Math.max(this.lastMs, theirs.ms, wall)
    if (ms === this.lastMs && ms === theirs.ms) this.moveTo(ms, Math.max(this.counter, theirs.counter) + 1)
    else if (ms === this.lastMs) this.moveTo(ms, this.counter + 1)
    else if (ms === theirs.ms) this.moveTo(ms, theirs.counter + 1)
    else this.moveTo(ms, 0)
    return this.stamp()
  }

  private moveTo(ms: number, counter: number): void {
    // The counter has four base-36 digits: past them, the next millisecond keeps the order.
    if (counter > MAX_COUNTER) {
      ms++
      counter = 0
    }
    this.lastMs = ms
    this.counter = counter
    // Kept before the caller stores the timestamp (in its transaction, when it has one). Refused
    // when another process on the workspace kept one as late or later: the clock goes on past it,
    // so that no two edits share a timestamp and none sorts before one made earlier elsewhere.
    const { keep, latest } = this.options
    for (let tries = 0; keep && !keep(this.stamp()) && tries < MAX_KEEP_TRIES; tries++) {
      const kept = parseHlc(latest?.() ?? '')
      if (!kept) return
      this.lastMs = kept.ms
      this.counter = kept.counter
      this.advance()
    }
  }

  /** One step past the current timestamp: the next counter, or the next millisecond past the last. */
  private advance(): void {
    if (this.counter >= MAX_COUNTER) {
      this.lastMs++
      this.counter = 0
    } else this.counter++
  }

  private stamp(): string {
    return formatHlc(this.lastMs, this.counter, this.nodeId)
  }
}

export type HybridClockOptions = {
  /** The highest timestamp given or received before: the clock starts past it. */
  after?: string
  /**
   * Keeps each timestamp the clock reaches, for the next start; false when a later one is kept
   * already (by another process on the workspace), which `latest` then reads.
   */
  keep?: (hlc: string) => boolean
  latest?: () => string | undefined
  /** How far ahead of this machine's clock a received timestamp may be. */
  maxAheadMs?: number
}

/** A received timestamp too far ahead of this machine's clock (see HybridClock.receive). */
export class RemoteClockAheadError extends Error {
  override name = 'RemoteClockAheadError'
  constructor(
    readonly remote: string,
    readonly aheadMs: number
  ) {
    super(`A timestamp ${Math.round(aheadMs / 60_000)} minutes ahead of this machine's clock: ${remote}`)
  }
}

/**
 * A day: a clock set wrong by whole hours (a time zone fixed by hand) or left months without
 * time sync still gets in; a wrong day, month or year does not.
 */
export const DEFAULT_MAX_AHEAD_MS = 24 * 3_600_000

const NODE_ID_KEY = 'hlc_node_id'
const LAST_KEY = 'hlc_last'
const MS_DIGITS = 15
const COUNTER_DIGITS = 4
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1
// Each try is past what the other process kept: a second one is needed only outside a transaction,
// when that process kept another between the read and the write.
const MAX_KEEP_TRIES = 5
const HLC_FORMAT = /^(\d{15})-([0-9a-z]{4})-(.+)$/

/** Fixed widths, digits before letters: string order is time order, then counter, then node. */
export function formatHlc(ms: number, counter: number, nodeId: string): string {
  return `${ms.toString().padStart(MS_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${nodeId}`
}

/** The parts of a timestamp, or null when it is not one. */
export function parseHlc(hlc: string): { ms: number; counter: number; nodeId: string } | null {
  const parts = HLC_FORMAT.exec(hlc)
  if (!parts) return null
  return { ms: Number(parts[1]), counter: parseInt(parts[2]!, 36), nodeId: parts[3]! }
}
