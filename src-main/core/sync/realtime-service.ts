import { ClockJumps, type TimeSources } from '../clock-jumps'
import { AccountWatcher, type WatcherDeps } from './account-watcher'
import { DEFAULT_REALTIME, type RealtimeSettings } from './realtime-settings'

/** How the service tells a wake from sleep by the clocks alone; tests inject both. */
export type WakeChecks = { timeSources?: TimeSources; everyMs?: number }

/** How often the wall clock is compared with the timers' own: a wake shows within this. */
const WAKE_CHECK_MS = 10_000

/** The real-time watchers of one workspace: one per active mailbox, started and stopped together. */
export class RealtimeService {
  private readonly watchers = new Map<number, AccountWatcher>()
  /** The tail of each account's resume/forget calls: they run one after another, never interleaved. */
  private readonly chains = new Map<number, Promise<void>>()
  private started = false
  private readonly settings: RealtimeSettings
  private wakeTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: WatcherDeps,
    settings: Partial<RealtimeSettings> = {},
    private readonly wakeChecks: WakeChecks = {}
  ) {
    this.settings = { ...DEFAULT_REALTIME, ...settings }
    // Work that just reached the server on a session of its own proves it reachable again: a
    // watcher waiting out its reconnect backoff tries now rather than minutes later.
    deps.sync.reachability.onReachable((accountId) => this.wake(accountId))
  }

  start(): void {
    this.started = true
    this.watchWakes()
    for (const account of this.deps.accounts.list()) if (this.isLive(account.id)) this.watch(account.id)
  }

  /** (Re)starts one account's watcher if real time is on: after adding it or signing in again. */
  resume(accountId: number): Promise<void> {
    return this.serially(accountId, async () => {
      await this.stopWatcher(accountId)
      // Re-checked after the wait: real time may have stopped, or the account been disconnected
      // or paused, while the old watcher logged out.
      if (this.started && this.isLive(accountId)) this.watch(accountId)
    })
  }

  forget(accountId: number): Promise<void> {
    return this.serially(accountId, () => this.stopWatcher(accountId))
  }

  /** The account's poll interval changed (accounts.update): its watcher polls at the new one. */
  setPollInterval(accountId: number): void {
    this.watchers.get(accountId)?.setPollInterval(this.pollIntervalOf(accountId))
  }

  /**
   * The import depth was raised (accounts.update): every folder is passed over now, not at the
   * next poll. Offline, the reconnect's first pass covers every folder anyway.
   */
  passAll(accountId: number): void {
    this.watchers.get(accountId)?.passAll()
  }

  /** Other work reached the server: a reconnect wait ends, the backoff kept (wakeUp). */
  wake(accountId?: number): void {
    for (const watcher of this.watchersOf(accountId)) watcher.wakeUp()
  }

  /** "Sync now": like wake, and an IDLE on a connection that may be dead gives way within seconds. */
  hurry(accountId?: number): void {
    for (const watcher of this.watchersOf(accountId)) watcher.hurry()
  }

  /** One account's watcher (if it has one), or every account's. */
  private watchersOf(accountId?: number): AccountWatcher[] {
    if (accountId === undefined) return [...this.watchers.values()]
    const watcher = this.watchers.get(accountId)
    return watcher ? [watcher] : []
  }

  async stop(): Promise<void> {
    this.started = false
    if (this.wakeTimer) clearInterval(this.wakeTimer)
    this.wakeTimer = null
    const watchers = [...this.watchers.values()]
    this.watchers.clear()
    await Promise.all(watchers.map((w) => w.stop()))
  }

  /**
   * A wake from sleep no power event reports (web mode, the CLI, a Linux without logind): the wall
   * clock jumped ahead while the timers stood still, and every IDLE connection may have died
   * without a word. Treated as the power event is (Core.systemResumed), within seconds: the
   * watchdog's own timers count no time asleep, so it would take minutes after the wake.
   */
  private watchWakes(): void {
    if (this.wakeTimer) return
    const jumps = new ClockJumps(this.wakeChecks.timeSources)
    this.wakeTimer = setInterval(() => {
      if ((jumps.look()?.skewMs ?? 0) > 0) this.hurry()
    }, this.wakeChecks.everyMs ?? WAKE_CHECK_MS)
    this.wakeTimer.unref()
  }

  /**
   * Runs one resume/forget after the account's previous one has finished. Without this, two
   * resumes that both awaited the same old watcher would each start a new one, and a forget
   * could stop the old watcher while a resume started another nobody would stop.
   */
  private serially(accountId: number, operation: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(accountId) ?? Promise.resolve()
    const result = previous.then(operation)
    const tail = result.catch(() => undefined)
    this.chains.set(accountId, tail)
    void tail.then(() => {
      if (this.chains.get(accountId) === tail) this.chains.delete(accountId)
    })
    return result
  }

  private async stopWatcher(accountId: number): Promise<void> {
    const watcher = this.watchers.get(accountId)
    if (!watcher) return
    await watcher.stop()
    // Only the entry it stopped: start() may have put a newer watcher there meanwhile.
    if (this.watchers.get(accountId) === watcher) this.watchers.delete(accountId)
  }

  /** The account's own poll interval (accounts.update) wins over the workspace default. */
  private pollIntervalOf(accountId: number): number {
    const pollSeconds = this.deps.accounts.find(accountId)?.pollIntervalSeconds
    return pollSeconds ? pollSeconds * 1000 : this.settings.pollIntervalMs
  }

  private isLive(accountId: number): boolean {
    const account = this.deps.accounts.find(accountId)
    return account?.kind === 'mailbox' && account.state === 'active'
  }

  private watch(accountId: number): void {
    // One watcher per account: one already running has read the current settings.
    if (this.watchers.has(accountId)) return
    const settings = { ...this.settings, pollIntervalMs: this.pollIntervalOf(accountId) }
    const watcher = new AccountWatcher(accountId, this.deps, settings)
    this.watchers.set(accountId, watcher)
    watcher.start()
  }
}
