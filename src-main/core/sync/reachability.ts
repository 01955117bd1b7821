type Listener = (accountId: number) => void

/**
 * Who is told when a login to an account's server works. The real-time loop, perhaps minutes into
 * its reconnect wait, is told at every login; work that waited for the network (a backfill
 * retrying after failing offline) only on the way back from "offline", since two backfills whose
 * batches log in and then lose the connection would otherwise restart each other without end.
 */
export class Reachability {
  private wake: Listener = () => undefined
  private readonly backOnline: Listener[] = []
  /** Shown offline (HOST_UNREACHABLE) since their last login that worked; apart from the visible
   * state, which a pass sets to "syncing" before it logs in. */
  private readonly offline = new Set<number>()

  onReachable(listener: Listener): void {
    this.wake = listener
  }

  onBackOnline(listener: Listener): void {
    this.backOnline.push(listener)
  }

  shownOffline(accountId: number): void {
    this.offline.add(accountId)
  }

  loggedIn(accountId: number): void {
    if (this.offline.delete(accountId)) for (const listener of this.backOnline) listener(accountId)
    this.wake(accountId)
  }
}
