// Where the background rebuild of the search index stands (a workspace indexed by an older
// Rapport): the `search.indexStatus` query when the window opens or the data epoch moves, then
// each `search.index` event the core sends after a page, until the one that says it is done.
import { useState } from 'react'
import type { SearchIndexStatus } from '../../../../src-preload/contract'
import { useDataEpoch } from '../../api/data-epoch'
import { useQuery } from '../../api/use-query'
import { useRapportEvent } from '../../api/use-rapport-event'

export function useSearchIndexStatus(): SearchIndexStatus | null {
  const epoch = useDataEpoch()
  const query = useQuery('search.indexStatus', {}, [])
  // The latest event wins over the query's answer: one that came before the answer is at most a
  // page behind it, and the next event, or the last one, corrects it. Events of an earlier epoch
  // (another workspace, before a reconnect) are dropped, and the query is asked again.
  const [pushed, setPushed] = useState<{ epoch: number; status: SearchIndexStatus } | null>(null)
  useRapportEvent('search.index', (status) => setPushed({ epoch, status }))
  return pushed?.epoch === epoch ? pushed.status : (query.data ?? null)
}
