import type { Core } from '../core'
import type { Handlers } from './handlers'

type SearchHandlers = Pick<
  Handlers,
  'search.comments' | 'search.recent' | 'search.remember' | 'search.clearRecent' | 'search.indexStatus'
>

/** Comment search and the search bar's recent searches (message and contact search are in handlers.ts). */
export function createSearchHandlers(core: Core): SearchHandlers {
  const ws = () => core.workspace
  const changed = () => core.events.emit('changed', { tables: ['recent_searches'], ids: [] })
  return {
    // The acting member is the local user, as for conversations.list.
    'search.comments': (input) => ws().commentSearch.search(input, ws().crm.people.local()),
    'search.recent': () => ws().recentSearches.list(),
    'search.remember': ({ query, kind }) => {
      const list = ws().recentSearches.remember(query, kind)
      changed()
      return list
    },
    'search.clearRecent': () => {
      ws().recentSearches.clear()
      changed()
      return { cleared: true }
    },
    'search.indexStatus': () => ws().searchIndex.status()
  }
}
