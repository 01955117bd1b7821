// Telling a sleep from a clock set, by three clocks: the wall clock, the monotonic one timers run
// on (it stops while the computer sleeps), and the boot clock (it counts sleep, not a clock set).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { ClockJumps, JUMP_TOLERANCE_MS } from '../../src-main/core/clock-jumps'

const HOUR_MS = 60 * 60 * 1000

function clocks() {
  const wall = new ManualClock(1_700_000_000_000)
  const monotonic = new ManualClock(0)
  const sinceBoot = new ManualClock(0)
  return { wall, monotonic, sinceBoot, jumps: new ClockJumps({ wall, monotonic, sinceBoot }) }
}

describe('ClockJumps', () => {
  it('sees no jump while the clocks run together, NTP slewing included', () => {
    const { wall, monotonic, sinceBoot, jumps } = clocks()
    wall.advance(HOUR_MS + 2_000)
    monotonic.advance(HOUR_MS)
    sinceBoot.advance(HOUR_MS)
    expect(jumps.look()).toBeNull()
  })

  it('tells a sleep: the wall and boot clocks moved, the monotonic one did not', () => {
    const { wall, sinceBoot, jumps } = clocks()
    wall.advance(30 * 24 * HOUR_MS)
    sinceBoot.advance(30 * 24 * HOUR_MS)
    expect(jumps.look()).toEqual({ skewMs: 30 * 24 * HOUR_MS, setAheadMs: 0 })
    // Told once: the next look starts from the wake.
    expect(jumps.look()).toBeNull()
  })

  it('tells a clock set ahead: only the wall clock moved', () => {
    const { wall, monotonic, sinceBoot, jumps } = clocks()
    monotonic.advance(60_000)
    sinceBoot.advance(60_000)
    wall.advance(60_000 + 365 * 24 * HOUR_MS)
    expect(jumps.look()).toEqual({ skewMs: 365 * 24 * HOUR_MS, setAheadMs: 365 * 24 * HOUR_MS })
  })

  it('tells a clock set back, and a sleep followed by a clock set ahead apart', () => {
    const { wall, sinceBoot, jumps } = clocks()
    wall.advance(-2 * HOUR_MS)
    expect(jumps.look()).toEqual({ skewMs: -2 * HOUR_MS, setAheadMs: 0 })
    sinceBoot.advance(5 * HOUR_MS)
    wall.advance(5 * HOUR_MS + 24 * HOUR_MS)
    expect(jumps.look()).toEqual({ skewMs: 29 * HOUR_MS, setAheadMs: 24 * HOUR_MS })
  })

  it('takes a sleep for a clock set when the boot clock does not count it: retention then counts no sleep', () => {
    const { wall, jumps } = clocks()
    wall.advance(3 * HOUR_MS)
    expect(jumps.look()).toEqual({ skewMs: 3 * HOUR_MS, setAheadMs: 3 * HOUR_MS })
  })

  it('ignores a skew within the tolerance', () => {
    const { wall, jumps } = clocks()
    wall.advance(JUMP_TOLERANCE_MS)
    expect(jumps.look()).toBeNull()
  })
})
