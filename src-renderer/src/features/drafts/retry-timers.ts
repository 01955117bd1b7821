// A failed draft save is tried again, sooner at first, then once a minute: the core may be
// restarting or out of reach (web mode reconnecting), and the draft must not stay unkept. One the
// core refused for good (its conversation is gone) is stopped: still reported, not tried again.
const FIRST_RETRY_MS = 2000
const LAST_RETRY_MS = 60_000

export class RetryTimers {
  private readonly waiting = new Map<string, { timer?: ReturnType<typeof setTimeout>; attempts: number }>()

  constructor(
    private readonly retry: (key: string) => void,
    /** The places whose last save failed, told whenever they change. */
    private readonly report: (keys: ReadonlySet<string>) => void
  ) {}

  failed(key: string): void {
    const attempts = (this.waiting.get(key)?.attempts ?? 0) + 1
    clearTimeout(this.waiting.get(key)?.timer)
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LAST_RETRY_MS)
    const timer = setTimeout(() => this.retry(key), delay)
    const known = this.waiting.has(key)
    this.waiting.set(key, { timer, attempts })
    if (!known) this.tell()
  }

  /** Not tried again (until the next change writes it), but still reported; true the first time. */
  stopped(key: string): boolean {
    const waiting = this.waiting.get(key)
    if (waiting && !waiting.timer) return false
    clearTimeout(waiting?.timer)
    this.waiting.set(key, { attempts: waiting?.attempts ?? 0 })
    if (!waiting) this.tell()
    return true
  }

  /** Failed, and to be tried again when its time comes (or being tried again now). */
  isWaiting(key: string): boolean {
    return this.waiting.get(key)?.timer !== undefined
  }

  isStopped(key: string): boolean {
    const waiting = this.waiting.get(key)
    return waiting !== undefined && !waiting.timer
  }

  succeeded(key: string): void {
    const waiting = this.waiting.get(key)
    if (!waiting) return
    clearTimeout(waiting.timer)
    this.waiting.delete(key)
    this.tell()
  }

  clear(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer)
    const had = this.waiting.size > 0
    this.waiting.clear()
    if (had) this.tell()
  }

  private tell(): void {
    this.report(new Set(this.waiting.keys()))
  }
}
