import type { Clock } from '../clock'

/**
 * The wall clock plus an offset that only tests move forward. It exists so an end-to-end test
 * can say "two hours later" to a running web-mode core (a snooze wakes) without sleeping.
 * A core gets one only when its host was started with RAPPORT_TEST_CLOCK=1 (see web-main.ts);
 * no production host sets that, and without it `testing.advanceClock` is refused.
 */
export class AdjustableClock implements Clock {
  private offset = 0

  now(): number {
    return Date.now() + this.offset
  }

  /** Moves time forward; never backward, so stored times stay in order. */
  advance(ms: number): number {
    this.offset += Math.max(0, ms)
    return this.now()
  }
}

/** Environment switch read by web mode only; documented so nobody sets it by accident. */
export const TEST_CLOCK_ENV = 'RAPPORT_TEST_CLOCK'

export function testClockFromEnv(env: NodeJS.ProcessEnv): AdjustableClock | undefined {
  return env[TEST_CLOCK_ENV] === '1' ? new AdjustableClock() : undefined
}
