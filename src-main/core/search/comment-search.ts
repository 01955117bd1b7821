import type { Database } from 'better-sqlite3'
import { StatementCache } from '../db/statement-cache'
import type { CommentHit, CommentSearchCursor } from '../../../src-preload/contract'
import type { Member } from '../people/people-repository'
import { compileCommentQuery } from './comment-query'
import { createHighlighter } from './match-highlighter'
import { registerPeopleCheck } from './people-check'
import { parseQuery } from './query-parser'
import { invalidQueryError } from './query-problems'
import { visibleConversations } from './visibility'

export type CommentSearchInput = { query: string; limit?: number; after?: CommentSearchCursor }
export type CommentSearchResult = {
  comments: CommentHit[]
  tooShort: boolean
  minLength: number
  /** Pass as `after` for the next page; null on the last page. */
  next: CommentSearchCursor | null
}

type Row = {
  id: string
  conversation_id: string
  thread_id: number
  author_id: string
  author_name: string | null
  author_email: string | null
  body: string
  created_at: number
  subject: string
}

const DEFAULT_LIMIT = 50
const STATEMENT_CACHE = 32

/**
 * Internal comments matching a query, newest first, over every conversation the viewer may see,
 * whatever its inbox, status or sort. A hit names its thread, so the UI can open it. Keyset-paged
 * on (time written, comment id), like message search on (date, id).
 */
export class CommentSearch {
  private readonly statements: StatementCache

  constructor(db: Database) {
    // from: is checked with it (comment-query.ts).
    registerPeopleCheck(db)
    this.statements = new StatementCache(db, STATEMENT_CACHE)
  }

  search(input: CommentSearchInput, viewer: Member): CommentSearchResult {
    const query = parseQuery(input.query)
    const result = { comments: [], tooShort: query.tooShort, minLength: query.minLength, next: null }
    if (query.tooShort) return result
    if (query.problems.length > 0) throw invalidQueryError(query.problems)
    const compiled = compileCommentQuery(query)
    if (!compiled) return result
    const limit = input.limit ?? DEFAULT_LIMIT
    const params: Record<string, string | number> = { ...compiled.params, limit }
    const conditions = [...compiled.conditions]
    const visible = visibleConversations(viewer, params)
    if (visible) conditions.push(visible)
    if (input.after) {
      conditions.push('(c.created_at, c.id) < (@afterDate, @afterId)')
      params.afterDate = Date.parse(input.after.date)
      params.afterId = input.after.id
    }
    const sql = `SELECT c.id, c.conversation_id, cv.thread_id, c.author_id, a.name AS author_name,
        a.email AS author_email, c.body, c.created_at, t.subject
      FROM comments c
      JOIN comment_search_keys k ON k.comment_id = c.id
      JOIN conversations cv ON cv.id = c.conversation_id AND cv.deleted = 0
      JOIN threads t ON t.id = cv.thread_id
      LEFT JOIN members a ON a.id = c.author_id
      WHERE c.deleted = 0 ${conditions.map((condition) => `AND ${condition}`).join('\n')}
      ORDER BY c.created_at DESC, c.id DESC LIMIT @limit`
    const rows = this.statements.get(sql).all(params) as Row[]
    const highlighter = createHighlighter(query)
    const last = rows.at(-1)
    return {
      ...result,
      comments: rows.map((row) => ({
        id: row.id,
        conversationId: row.conversation_id,
        threadId: row.thread_id,
        authorId: row.author_id,
        authorName: row.author_name || row.author_email || '',
        at: new Date(row.created_at).toISOString(),
        subject: row.subject,
        match: highlighter.snippet(row.body)
      })),
      next:
        last && rows.length === limit ? { date: new Date(last.created_at).toISOString(), id: last.id } : null
    }
  }
}
