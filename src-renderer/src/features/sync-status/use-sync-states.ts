// Per-account sync state: the `sync.status` query, re-run whenever a `sync.state` event says
// an account moved (cheap: one row per account), so the newest answer always wins.
import type { ApiError, SyncState } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useRapportEvent } from '../../api/use-rapport-event'

export type SyncSummary = {
  /** 'nothing' when no account can sync (only sample data is open). */
  kind: 'syncing' | 'error' | 'up-to-date' | 'idle' | 'nothing'
  /** The first failing account's error, when kind is 'error'. */
  error: ApiError | null
  errorAccountId: number | null
  lastSyncAt: string | null
  /** The failing account cannot reach its server: show "offline, N changes waiting". */
  offline: boolean
  /** Local changes not on the server yet, over all accounts. */
  pendingChanges: number
}

export function summarize(states: readonly SyncState[]): SyncSummary {
  const failing = states.find((s) => s.state === 'error')
  const lastSyncAt = states.reduce<string | null>(
    (latest, s) => (s.lastSyncAt && (!latest || s.lastSyncAt > latest) ? s.lastSyncAt : latest),
    null
  )
  let kind: SyncSummary['kind'] = states.length === 0 ? 'nothing' : 'idle'
  if (states.some((s) => s.state === 'syncing')) kind = 'syncing'
  else if (failing) kind = 'error'
  else if (states.length > 0 && states.every((s) => s.state === 'up-to-date')) kind = 'up-to-date'
  return {
    kind,
    error: failing?.error ?? null,
    errorAccountId: failing?.accountId ?? null,
    lastSyncAt,
    offline: failing?.error?.code === 'HOST_UNREACHABLE',
    pendingChanges: states.reduce((sum, s) => sum + (s.pendingChanges ?? 0), 0)
  }
}

export function useSyncSummary(): SyncSummary | null {
  const status = useQuery('sync.status', {}, ['accounts'])
  useRapportEvent('sync.state', status.reload)
  return status.data ? summarize(status.data) : null
}
