// "Sync older mail" state per folder: the backfill.status query, re-run on every sync.backfill
// event of this account (one per batch) and when folders or messages change.
import { useMemo } from 'react'
import type { BackfillStatus } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useRapportEvent } from '../../api/use-rapport-event'

// The stored counts change with every import batch and expunge (messages), not only with folders.
const BACKFILL_TABLES = ['folders', 'messages']

export function useBackfill(accountId: number): Map<number, BackfillStatus> {
  const status = useQuery('backfill.status', { accountId }, BACKFILL_TABLES)
  useRapportEvent('sync.backfill', (event) => {
    if (event.accountId === accountId) status.reload()
  })
  return useMemo(() => new Map((status.data ?? []).map((s) => [s.folderId, s])), [status.data])
}
