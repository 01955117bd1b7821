import { uptime } from 'node:os'
import { systemClock, type Clock } from './clock'

/**
 * The three clocks a jump is told from. The wall clock moves when the computer sleeps and when
 * the clock is set; the monotonic one (performance.now(), what timers run on) stops while the
 * computer sleeps on Linux and macOS; the boot clock counts sleep too, but not a clock set.
 */
export type TimeSources = { wall: Clock; monotonic: Clock; sinceBoot: Clock }

export const systemTimeSources: TimeSources = {
  wall: systemClock,
  monotonic: { now: () => performance.now() },
  // Seconds since boot, sleep included (/proc/uptime, GetTickCount64), whatever the clock is set to.
  sinceBoot: { now: () => uptime() * 1000 }
}

/**
 * Above this, a difference between the clocks is a jump. The boot clock counts in whole seconds
 * on some systems, and NTP slews a clock by at most half a millisecond per second: an hour of
 * either stays far below it.
 */
export const JUMP_TOLERANCE_MS = 60_000

export type ClockJump = {
  /** How much further the wall clock moved than this process ran: asleep or set ahead (> 0), set back (< 0). */
  skewMs: number
  /** The part of a move ahead that no sleep explains: time that did not pass, the clock was set. */
  setAheadMs: number
}

/**
 * Tells, at each look, whether the wall clock jumped since the last one: what was known of the
 * servers before it is old news (the computer slept for weeks), and times recorded before a clock
 * set ahead are that much too early (an NTP correction on a machine whose clock battery is dead).
 */
export class ClockJumps {
  private last: Record<keyof TimeSources, number>

  constructor(private readonly sources: TimeSources = systemTimeSources) {
    this.last = this.read()
  }

  /** The jump since the last look (or since this was made), or null when the clock ran evenly. */
  look(): ClockJump | null {
    const now = this.read()
    const wall = now.wall - this.last.wall
    const monotonic = now.monotonic - this.last.monotonic
    const sinceBoot = now.sinceBoot - this.last.sinceBoot
    this.last = now
    const skewMs = wall - monotonic
    if (Math.abs(skewMs) <= JUMP_TOLERANCE_MS) return null
    // A boot clock that does not count sleep (or does not move) makes sleep look like a clock set
    // ahead: retention then counts no time asleep, which keeps mail longer, never shorter.
    const setAheadMs = wall - Math.max(monotonic, sinceBoot)
    return { skewMs, setAheadMs: setAheadMs > JUMP_TOLERANCE_MS ? setAheadMs : 0 }
  }

  private read(): Record<keyof TimeSources, number> {
    return {
      wall: this.sources.wall.now(),
      monotonic: this.sources.monotonic.now(),
      sinceBoot: this.sources.sinceBoot.now()
    }
  }
}

/**
 * The wall time before which a wall-clock stamp is at least `ageMs` old in time this process ran.
 * A clock set ahead, or a sleep, would age every stamp made before it at once: for `ageMs` of
 * running time after it is seen, the cutoff stays back by as much, so bytes cached a minute before
 * an NTP correction still count as a minute old. Stamps made after it are right, and a clock set
 * back only makes stamps look younger (kept longer, never shorter), so neither needs more.
 */
export class AgeCutoff {
  private readonly jumps: ClockJumps
  /** Moves ahead seen in the last `ageMs` of running time, by the monotonic time they were seen. */
  private aheads: Array<{ seenAt: number; skewMs: number }> = []

  constructor(
    private readonly ageMs: number,
    private readonly sources: TimeSources = systemTimeSources
  ) {
    this.jumps = new ClockJumps(sources)
  }

  /** Wall time: stamps before it are `ageMs` old, however the wall clock moved meanwhile. */
  now(): number {
    const jump = this.jumps.look()
    const seenAt = this.sources.monotonic.now()
    if (jump && jump.skewMs > 0) this.aheads.push({ seenAt, skewMs: jump.skewMs })
    // A jump seen over `ageMs` ago came before every stamp still that young.
    this.aheads = this.aheads.filter((ahead) => seenAt - ahead.seenAt < this.ageMs)
    return this.sources.wall.now() - this.ageMs - this.aheads.reduce((sum, ahead) => sum + ahead.skewMs, 0)
  }
}
