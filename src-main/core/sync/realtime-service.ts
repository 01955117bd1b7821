import { AccountWatcher, DEFAULT_REALTIME, type RealtimeSettings, type WatcherDeps } from './account-watcher'

/** The real-time watchers of one workspace: one per active mailbox, started and stopped together. */
export class RealtimeService {
  private readonly watchers = new Map<number, AccountWatcher>()
  private started = false
  private readonly settings: RealtimeSettings

  constructor(
    private readonly deps: WatcherDeps,
    settings: Partial<RealtimeSettings> = {}
  ) {
    this.settings = { ...DEFAULT_REALTIME, ...settings }
  }

  start(): void {
    this.started = true
    for (const account of this.deps.accounts.list()) {
      if (account.kind === 'mailbox' && account.state === 'active') this.watch(account.id)
    }
  }

  /** (Re)starts one account's watcher if real time is on: after adding it or signing in again. */
  async resume(accountId: number): Promise<void> {
    if (!this.started) return
    await this.watchers.get(accountId)?.stop()
    this.watchers.delete(accountId)
    this.watch(accountId)
  }

  async forget(accountId: number): Promise<void> {
    await this.watchers.get(accountId)?.stop()
    this.watchers.delete(accountId)
  }

  async stop(): Promise<void> {
    this.started = false
    const watchers = [...this.watchers.values()]
    this.watchers.clear()
    await Promise.all(watchers.map((w) => w.stop()))
  }

  private watch(accountId: number): void {
    // The account's own poll interval (accounts.update) wins over the workspace default.
    const pollSeconds = this.deps.accounts.find(accountId)?.pollIntervalSeconds
    const settings = pollSeconds ? { ...this.settings, pollIntervalMs: pollSeconds * 1000 } : this.settings
    const watcher = new AccountWatcher(accountId, this.deps, settings)
    this.watchers.set(accountId, watcher)
    watcher.start()
  }
}
