/**
 * Runs one account's IMAP work one piece at a time, in order: a pass, a task push, the IDLE
 * that waits in between. IDLE holds the lane only until other work arrives: queuing work calls
 * the interrupt of the interruptible piece that is running.
 */
export class AccountLane {
  private tail: Promise<unknown> = Promise.resolve()
  private waiting = 0
  /** Of those, IDLE rounds (runInterruptible): they give way themselves, nobody waits on them. */
  private waitingRounds = 0
  private interrupt: (() => void) | null = null

  /**
   * Queues work. With a signal, whoever queued it may stop waiting: once aborted, the returned
   * promise rejects with the signal's reason at once, and the work is skipped if it has not
   * started (work already running goes on, and what comes after still waits for it).
   */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.waiting++
    this.interrupt?.()
    const start = () => {
      this.waiting--
      signal?.throwIfAborted()
      return work()
    }
    const next = this.tail.then(start, start)
    this.tail = next.catch(() => undefined)
    return signal ? untilAborted(next, signal) : next
  }

  /**
   * Work that gives way: skipped when other work is already queued, and interrupted (by calling
   * `interrupt`) as soon as other work is queued while it runs.
   */
  runInterruptible(work: () => Promise<void>, interrupt: () => void): Promise<void> {
    this.waitingRounds++
    return this.run(async () => {
      this.waitingRounds--
      if (this.waiting > 0) return
      this.interrupt = interrupt
      try {
        await work()
      } finally {
        this.interrupt = null
      }
    })
  }

  /**
   * True while other work waits behind the running piece: a pass, a push, a send, a batch of
   * "Sync older mail". Not the real-time loop's next IDLE round, which is queued behind every
   * piece and would otherwise make every piece look awaited.
   */
  get hasWaiting(): boolean {
    return this.waiting - this.waitingRounds > 0
  }
}

/** The promise's outcome, or the signal's reason as soon as it is aborted. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    if (signal.aborted) abort()
    else signal.addEventListener('abort', abort, { once: true })
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
