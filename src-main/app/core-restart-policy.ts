/**
 * When to start the core's process again after it died (core-process.ts). A core that ran for a
 * while and crashed is started again after a second. One that dies soon after it starts (a
 * database it refuses, a bug it trips at once, memory it runs out of on the same mail) would die
 * again: each such death in a row waits longer, and after MAX_QUICK_DEATHS it is not started
 * again until the user asks, so it does not spin in a loop.
 */
export const QUICK_DEATH_MS = 60_000
export const RESTART_DELAYS_MS = [1_000, 5_000] as const
export const MAX_QUICK_DEATHS = RESTART_DELAYS_MS.length + 1

export class CoreRestartPolicy {
  private quickDeaths = 0

  /** The core died after running `ranForMs`: the wait before starting it again, or null to give up. */
  afterDeath(ranForMs: number): number | null {
    this.quickDeaths = ranForMs < QUICK_DEATH_MS ? this.quickDeaths + 1 : 1
    if (this.quickDeaths >= MAX_QUICK_DEATHS) return null
    return RESTART_DELAYS_MS[this.quickDeaths - 1]!
  }

  /** The user asks for a new start: the count begins again. */
  reset(): void {
    this.quickDeaths = 0
  }
}
