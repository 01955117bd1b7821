// Per-account sync state: the `sync.status` query, re-run whenever a `sync.state` event says
// an account moved (cheap: one row per account), so the newest answer always wins.
import type { ApiError, SyncState } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useRapportEvent } from '../../api/use-rapport-event'

export type SyncSummary = {
  /** 'nothing' when no account can sync (only sample data is open). */
  kind: 'syncing' | 'error' | 'up-to-date' | 'idle' | 'nothing'
  /** Every failing account, those only a new password can fix first. */
  failures: Array<{ accountId: number; error: ApiError }>
  /**
   * Accounts paused until the user signs in again. Their forms show whatever the overall kind:
   * with another account syncing the kind is 'syncing', and hiding the form then would drop what
   * the user was typing into it.
   */
  needSignIn: number[]
  /** The first failure's error and account, when kind is 'error'. */
  error: ApiError | null
  errorAccountId: number | null
  /** The newest over all accounts; under an error, the failing account's own. */
  lastSyncAt: string | null
  /** The failing account cannot reach its server: show "offline, N changes waiting". */
  offline: boolean
  /** Local changes not on the server yet, over all accounts. */
  pendingChanges: number
  /** Messages fetched but not stored, over all accounts: each pass tries them again. */
  unstoredMessages: number
  /** Accounts with synced folders the server refused to open at their last pass. */
  refusedFolderAccounts: number[]
  /** Some account's server refuses IDLE for now: its new mail is checked, not pushed. */
  pushPaused: boolean
}

/** Errors that only a new password can fix. */
export function needsPassword(code: string | undefined): boolean {
  return code === 'AUTH_FAILED' || code === 'SECRET_MISSING'
}

export function summarize(states: readonly SyncState[]): SyncSummary {
  const failures = states
    .filter((s) => s.state === 'error')
    .map((s) => ({
      accountId: s.accountId,
      error: s.error ?? { code: 'SYNC_FAILED' as const, message: '' }
    }))
    .sort((a, b) => Number(needsPassword(b.error.code)) - Number(needsPassword(a.error.code)))
  const failing = failures[0]
  let kind: SyncSummary['kind'] = states.length === 0 ? 'nothing' : 'idle'
  if (states.some((s) => s.state === 'syncing')) kind = 'syncing'
  else if (failing) kind = 'error'
  else if (states.length > 0 && states.every((s) => s.state === 'up-to-date')) kind = 'up-to-date'
  // Under an error, how old the failing mailbox's mail is: another mailbox in step says nothing of it.
  const lastSyncAt =
    kind === 'error'
      ? (states.find((s) => s.accountId === failing?.accountId)?.lastSyncAt ?? null)
      : states.reduce<string | null>(
          (latest, s) => (s.lastSyncAt && (!latest || s.lastSyncAt > latest) ? s.lastSyncAt : latest),
          null
        )
  return {
    kind,
    failures,
    needSignIn: failures.filter((f) => needsPassword(f.error.code)).map((f) => f.accountId),
    error: failing?.error ?? null,
    errorAccountId: failing?.accountId ?? null,
    lastSyncAt,
    offline: failing?.error?.code === 'HOST_UNREACHABLE',
    pendingChanges: states.reduce((sum, s) => sum + (s.pendingChanges ?? 0), 0),
    unstoredMessages: states.reduce((sum, s) => sum + (s.unstoredMessages ?? 0), 0),
    refusedFolderAccounts: states.filter((s) => (s.refusedFolders ?? 0) > 0).map((s) => s.accountId),
    pushPaused: states.some((s) => s.pushPaused === true)
  }
}

export function useSyncSummary(): SyncSummary | null {
  const status = useQuery('sync.status', {}, ['accounts'])
  useRapportEvent('sync.state', status.reload)
  // A backfill batch may set a message aside (unstoredMessages) without any sync-state change.
  useRapportEvent('sync.backfill', status.reload)
  return status.data ? summarize(status.data) : null
}
