/**
 * Runs one account's IMAP work one piece at a time, in order: a pass, a task push, the IDLE
 * that waits in between. IDLE holds the lane only until other work arrives: queuing work calls
 * the interrupt of the interruptible piece that is running.
 */
export class AccountLane {
  private tail: Promise<unknown> = Promise.resolve()
  private waiting = 0
  private interrupt: (() => void) | null = null

  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++
    this.interrupt?.()
    const start = () => {
      this.waiting--
      return work()
    }
    const next = this.tail.then(start, start)
    this.tail = next.catch(() => undefined)
    return next
  }

  /**
   * Work that gives way: skipped when other work is already queued, and interrupted (by calling
   * `interrupt`) as soon as other work is queued while it runs.
   */
  runInterruptible(work: () => Promise<void>, interrupt: () => void): Promise<void> {
    return this.run(async () => {
      if (this.waiting > 0) return
      this.interrupt = interrupt
      try {
        await work()
      } finally {
        this.interrupt = null
      }
    })
  }

  /** True while other work waits behind the running piece. */
  get hasWaiting(): boolean {
    return this.waiting > 0
  }
}
