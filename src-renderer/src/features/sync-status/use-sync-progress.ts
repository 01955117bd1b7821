// The latest import progress per account, from `sync.progress` events. It is transient UI
// state, dropped when the account's sync finishes or the workspace changes.
import { useState } from 'react'
import type { SyncProgress } from '../../../../src-preload/contract'
import { useDataEpoch } from '../../api/data-epoch'
import { useRapportEvent } from '../../api/use-rapport-event'

type Tracked = { epoch: number; byAccount: Record<number, SyncProgress> }

export function useSyncProgress(): SyncProgress[] {
  const epoch = useDataEpoch()
  const [tracked, setTracked] = useState<Tracked>({ epoch, byAccount: {} })

  const update = (accountId: number, progress: SyncProgress | null) =>
    setTracked((previous) => {
      const byAccount = { ...(previous.epoch === epoch ? previous.byAccount : {}) }
      if (progress) byAccount[accountId] = progress
      else delete byAccount[accountId]
      return { epoch, byAccount }
    })

  useRapportEvent('sync.progress', (progress) => update(progress.accountId, progress))
  useRapportEvent('sync.state', (state) => {
    if (state.state !== 'syncing') update(state.accountId, null)
  })

  return tracked.epoch === epoch ? Object.values(tracked.byAccount) : []
}
