// Coalesces bursts of `changed` events (an import emits one per batch) into at most one
// re-query per interval, while guaranteeing the last change is always picked up.
import { getApi } from './rapport-client'

const REFRESH_INTERVAL_MS = 250

export function onTablesChanged(tables: readonly string[], refresh: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const off = getApi().on('changed', (payload) => {
    if (timer !== undefined || !payload.tables.some((table) => tables.includes(table))) return
    timer = setTimeout(() => {
      timer = undefined
      refresh()
    }, REFRESH_INTERVAL_MS)
  })
  return () => {
    off()
    clearTimeout(timer)
  }
}
