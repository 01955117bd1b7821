import { z } from 'zod'
import { Empty } from './mail-shapes'
import {
  CommentHit,
  CommentSearchCursor,
  RecentSearch,
  SearchIndexStatus,
  SearchKind,
  SearchQueryText,
  SearchStatus
} from './search-shapes'

// Search beyond mail: internal comments and the search bar's recent searches. Message and
// contact search and the reindex are in mail-commands.ts.
export const searchCommands = {
  /**
   * Internal comments the local member may see, newest first, in the message query language
   * (from: is the author). Keyset-paged: pass `next` back as `after`.
   */
  'search.comments': {
    input: z
      .object({
        query: SearchQueryText,
        limit: z.number().int().min(1).max(500).optional(),
        after: CommentSearchCursor.optional()
      })
      .strict(),
    output: z.object({ comments: z.array(CommentHit), ...SearchStatus, next: CommentSearchCursor.nullable() })
  },
  /** The last searches run, newest first, kept in the workspace so they survive a restart. */
  'search.recent': { input: Empty, output: z.array(RecentSearch) },
  'search.remember': {
    input: z
      .object({
        query: SearchQueryText.refine((q) => q.trim() !== '', 'Type a search to remember.'),
        kind: SearchKind
      })
      .strict(),
    output: z.array(RecentSearch)
  },
  'search.clearRecent': { input: Empty, output: z.object({ cleared: z.boolean() }) },
  /**
   * Whether the search index is being rebuilt in the background (a workspace indexed by an older
   * Rapport), and how far it is: for a window opened meanwhile. `search.index` events follow it.
   */
  'search.indexStatus': { input: Empty, output: SearchIndexStatus }
} as const
