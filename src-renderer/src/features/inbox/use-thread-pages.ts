// The thread list with keyset paging. Pages are appended with the `after` cursor of the last
// row; a `changed` event re-reads everything loaded so far in one query (limit = rows loaded),
// which keeps the scroll position meaningful while new mail arrives at the top.
import { useEffect, useRef, useState } from 'react'
import type { ApiError, ThreadSummary } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { onTablesChanged } from '../../api/changed-tables'
import { useDataEpoch } from '../../api/data-epoch'

export const PAGE_SIZE = 100
const TABLES = ['threads', 'messages']

export type ThreadPages = {
  rows: ThreadSummary[]
  hasMore: boolean
  /** True until the first page arrived. */
  loading: boolean
  loadingMore: boolean
  error: ApiError | null
  loadMore: () => void
}

type State = Omit<ThreadPages, 'loadMore'>
const initial: State = { rows: [], hasMore: false, loading: true, loadingMore: false, error: null }

function appendUnique(rows: ThreadSummary[], page: ThreadSummary[]): ThreadSummary[] {
  const seen = new Set(rows.map((row) => row.id))
  return rows.concat(page.filter((row) => !seen.has(row.id)))
}

export function useThreadPages(accountId?: number): ThreadPages {
  const epoch = useDataEpoch()
  const [state, setState] = useState<State>(initial)
  const loadMoreRef = useRef<() => void>(() => {})

  useEffect(() => {
    // Everything mutable lives in this closure, so a stale request from a previous account or
    // workspace can never write into the current list.
    let disposed = false
    let busy = false
    let dirty = false
    let rows: ThreadSummary[] = []
    let hasMore = false

    const settle = (next: ThreadSummary[], more: boolean) => {
      rows = next
      hasMore = more
      setState({ rows, hasMore, loading: false, loadingMore: false, error: null })
    }
    const fail = (error: ApiError) => setState((s) => ({ ...s, loading: false, loadingMore: false, error }))
    // One request at a time; a change arriving meanwhile triggers one refresh afterwards.
    const finish = () => {
      busy = false
      if (dirty && !disposed) {
        dirty = false
        refresh()
      }
    }

    const refresh = (): void => {
      if (busy) {
        dirty = true
        return
      }
      busy = true
      const limit = Math.max(PAGE_SIZE, rows.length)
      void callCommand('threads.list', { accountId, limit }).then((response) => {
        if (!disposed) {
          if (response.ok) settle(response.value, response.value.length === limit)
          else fail(response.error)
        }
        finish()
      })
    }

    const loadMore = (): void => {
      const last = rows.at(-1)
      if (busy || !hasMore || !last) return
      busy = true
      setState((s) => ({ ...s, loadingMore: true }))
      const after = { lastMessageAt: last.lastMessageAt, id: last.id }
      void callCommand('threads.list', { accountId, limit: PAGE_SIZE, after }).then((response) => {
        if (!disposed) {
          if (response.ok) settle(appendUnique(rows, response.value), response.value.length === PAGE_SIZE)
          else fail(response.error)
        }
        finish()
      })
    }

    loadMoreRef.current = loadMore
    setState(initial)
    refresh()
    const off = onTablesChanged(TABLES, refresh)
    return () => {
      disposed = true
      off()
    }
  }, [accountId, epoch])

  // A stable function for effects in the list; it always calls the current closure.
  const [loadMore] = useState(() => () => loadMoreRef.current())
  return { ...state, loadMore }
}
