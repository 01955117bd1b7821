import { z } from 'zod'
import { Id, IsoDate, MessageSummary } from './mail-shapes'
import { MAX_QUERY_LENGTH } from './search-limits'

// Search results: plain text with match ranges, never markup.
/** [start, end) offsets, in UTF-16 code units (String.prototype.slice), into the text beside it. */
export const TextRange = z.tuple([z.number().int().min(0), z.number().int().min(0)])
export type TextRange = z.infer<typeof TextRange>

/** Plain text with the matched words as ranges. Never markup: the renderer wraps them itself. */
export const HighlightedText = z.object({ text: z.string(), ranges: z.array(TextRange) })
export type HighlightedText = z.infer<typeof HighlightedText>

export const MessageHit = MessageSummary.extend({
  /** Matched words in `subject`. */
  subjectRanges: z.array(TextRange),
  /** A window of the body around the first match. */
  match: HighlightedText
})
export type MessageHit = z.infer<typeof MessageHit>

/** Keyset paging for search results: the last hit of the previous page. */
export const SearchCursor = z.object({ date: IsoDate, id: Id })
export type SearchCursor = z.infer<typeof SearchCursor>

export const ContactHit = z.object({
  id: z.string(),
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  company: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  lastMessageAt: IsoDate.nullable()
})
export type ContactHit = z.infer<typeof ContactHit>

/** Set when the query has fewer characters than search starts at; the UI says "type at least N". */
export const SearchStatus = { tooShort: z.boolean(), minLength: z.number().int() }
export const SearchQueryText = z.string().max(MAX_QUERY_LENGTH)

/**
 * The rebuild of the message search index that a workspace indexed by an older Rapport gets once,
 * in the background after it opens: `done` of `total` messages indexed again. Search works
 * throughout; mail not reached yet is found as the older Rapport indexed it.
 */
export const SearchIndexStatus = z.object({
  rebuilding: z.boolean(),
  done: z.number().int().min(0),
  total: z.number().int().min(0)
})
export type SearchIndexStatus = z.infer<typeof SearchIndexStatus>

export const CommentHit = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** The conversation's thread, which the UI opens. */
  threadId: Id,
  authorId: z.string(),
  authorName: z.string(),
  at: IsoDate,
  /** The thread's subject, to say where the comment was written. */
  subject: z.string(),
  /** The comment text around its first match (the whole of a short comment). */
  match: HighlightedText
})
export type CommentHit = z.infer<typeof CommentHit>

/** Keyset paging for comment search: the last hit of the previous page (its `at` and `id`). */
export const CommentSearchCursor = z.object({
  date: IsoDate.refine((date) => !Number.isNaN(Date.parse(date)), {
    message: 'The cursor date is not a date: pass back the `next` of the previous page.'
  }),
  id: z.string().min(1)
})
export type CommentSearchCursor = z.infer<typeof CommentSearchCursor>

export const SearchKind = z.enum(['contacts', 'messages', 'comments'])
export type SearchKind = z.infer<typeof SearchKind>
export const RecentSearch = z.object({ query: z.string(), kind: SearchKind, at: IsoDate })
export type RecentSearch = z.infer<typeof RecentSearch>
