/** Wall-clock time, injectable so tests can move time without sleeping. */
export type Clock = { now(): number }

export const systemClock: Clock = { now: () => Date.now() }

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time
  }
  set(time: number): void {
    this.time = time
  }
  advance(ms: number): void {
    this.time += ms
  }
}
