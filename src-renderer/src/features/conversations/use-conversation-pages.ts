// The conversation list with keyset paging: pages are appended with the { id, sortKey } cursor
// of the last row; a `changed` event re-reads everything loaded so far in one query
// (limit = rows loaded, capped by the contract), so the list stays live while mail arrives.
import { useEffect, useRef, useState } from 'react'
import type { ApiError, ConversationSummary, InboxRef, Response } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { onTablesChanged } from '../../api/changed-tables'
import { useDataEpoch } from '../../api/data-epoch'
import {
  CONVERSATION_LIST_TABLES as TABLES,
  CONVERSATION_PAGE_SIZE as PAGE_SIZE,
  isEarlyValueFresh,
  takeEarlyValue,
  type EarlyValue
} from '../../api/first-screen'
import type { SortOrder, StatusFilter } from '../../store/crm-store'

/** The contract's largest page; a refresh never asks for more. */
const MAX_LIMIT = 500

export type ListFilter = { inbox: InboxRef; status: StatusFilter; sort: SortOrder; unreplied: boolean }

export type ConversationPages = {
  rows: ConversationSummary[]
  hasMore: boolean
  /** True until the first page arrived. */
  loading: boolean
  loadingMore: boolean
  error: ApiError | null
  loadMore: () => void
}

type State = Omit<ConversationPages, 'loadMore'>
const initial: State = { rows: [], hasMore: false, loading: true, loadingMore: false, error: null }

function appendUnique(rows: ConversationSummary[], page: ConversationSummary[]): ConversationSummary[] {
  const seen = new Set(rows.map((row) => row.id))
  return rows.concat(page.filter((row) => !seen.has(row.id)))
}

/**
 * The first `wanted` rows of the list, read again: in pages of at most the contract's largest
 * (keyset, as loadMore does), so a list scrolled past that many keeps every row it had. Null
 * when the hook was disposed meanwhile.
 */
async function readRows(
  query: ListFilter,
  wanted: number,
  disposed: () => boolean
): Promise<Response<{ rows: ConversationSummary[]; more: boolean }> | null> {
  let rows: ConversationSummary[] = []
  while (rows.length < wanted) {
    if (disposed()) return null
    const limit = Math.min(MAX_LIMIT, wanted - rows.length)
    const last = rows.at(-1)
    const response = await callCommand('conversations.list', {
      ...query,
      limit,
      ...(last ? { after: { id: last.id, sortKey: last.sortKey } } : {})
    })
    if (!response.ok) return response
    const before = rows.length
    rows = appendUnique(rows, response.value)
    if (response.value.length < limit) return { ok: true, value: { rows, more: false } }
    // Only rows already read (the order moved under the pages): the next change reads again.
    if (rows.length === before) break
  }
  return { ok: true, value: { rows, more: true } }
}

export function useConversationPages(filter: ListFilter): ConversationPages {
  const epoch = useDataEpoch()
  const filterKey = JSON.stringify(filter)
  // The first page may have come with the first screen (first-screen.ts): shown at once then.
  const seed = useRef<EarlyValue | undefined>(undefined)
  const [state, setState] = useState<State>(() => {
    seed.current = takeEarlyValue('conversations.list', { ...filter, limit: PAGE_SIZE })
    const response = seed.current?.response as Response<ConversationSummary[]> | undefined
    if (!response) return initial
    return response.ok
      ? { ...initial, rows: response.value, hasMore: response.value.length === PAGE_SIZE, loading: false }
      : { ...initial, loading: false, error: response.error }
  })
  const loadMoreRef = useRef<() => void>(() => {})

  useEffect(() => {
    // Everything mutable lives in this closure, so a stale answer for a previous inbox or
    // filter can never write into the current list.
    const query = JSON.parse(filterKey) as ListFilter
    let disposed = false
    let busy = false
    let dirty = false
    let rows: ConversationSummary[] = []
    let hasMore = false

    const settle = (next: ConversationSummary[], more: boolean) => {
      rows = next
      hasMore = more
      setState({ rows, hasMore, loading: false, loadingMore: false, error: null })
    }
    const fail = (error: ApiError) => setState((s) => ({ ...s, loading: false, loadingMore: false, error }))
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
      void readRows(query, Math.max(PAGE_SIZE, rows.length), () => disposed).then((response) => {
        if (!disposed && response) {
          if (response.ok) settle(response.value.rows, response.value.more)
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
      const after = { id: last.id, sortKey: last.sortKey }
      void callCommand('conversations.list', { ...query, limit: PAGE_SIZE, after }).then((response) => {
        if (!disposed) {
          if (response.ok) settle(appendUnique(rows, response.value), response.value.length === PAGE_SIZE)
          else fail(response.error)
        }
        finish()
      })
    }

    loadMoreRef.current = loadMore
    const early = seed.current
    seed.current = undefined
    const off = onTablesChanged(TABLES, refresh)
    const response = early?.response as Response<ConversationSummary[]> | undefined
    if (early && response?.ok) {
      rows = response.value
      hasMore = rows.length === PAGE_SIZE
      if (!isEarlyValueFresh(early)) refresh()
    } else {
      setState(initial)
      refresh()
    }
    return () => {
      disposed = true
      off()
    }
  }, [filterKey, epoch])

  // A stable function for effects in the list; it always calls the current closure.
  const [loadMore] = useState(() => () => loadMoreRef.current())
  return { ...state, loadMore }
}
