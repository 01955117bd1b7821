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
