import type { Database, Statement } from 'better-sqlite3'
import type { CommentHit } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { compileCommentQuery } from './comment-query'
import { createHighlighter } from './match-highlighter'
import { parseQuery } from './query-parser'
import { MIN_QUERY_CHARACTERS } from './search-text'

export type CommentSearchResult = { comments: CommentHit[]; tooShort: boolean; minLength: number }

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
 * Internal comments matching a query, newest first, over every conversation, whatever its
 * inbox, status or sort. A hit names its thread, so the UI can open it.
 */
export class CommentSearch {
  private readonly statements = new Map<string, Statement>()

  constructor(private readonly db: Database) {}

  search(input: { query: string; limit?: number }): CommentSearchResult {
    const query = parseQuery(input.query)
    const result = { comments: [], tooShort: query.tooShort, minLength: MIN_QUERY_CHARACTERS }
    if (query.tooShort) return result
    if (query.errors.length > 0) throw new CoreError('INVALID_INPUT', query.errors.join(' '), 'query')
    const compiled = compileCommentQuery(query)
    if (!compiled) return result
    const sql = `SELECT c.id, c.conversation_id, cv.thread_id, c.author_id, a.name AS author_name,
        a.email AS author_email, c.body, c.created_at, t.subject
      FROM comments c
      JOIN comment_search_keys k ON k.comment_id = c.id
      JOIN conversations cv ON cv.id = c.conversation_id AND cv.deleted = 0
      JOIN threads t ON t.id = cv.thread_id
      LEFT JOIN members a ON a.id = c.author_id
      WHERE c.deleted = 0 ${compiled.conditions.map((condition) => `AND ${condition}`).join('\n')}
      ORDER BY c.created_at DESC, k.key DESC LIMIT @limit`
    const rows = this.statement(sql).all({ ...compiled.params, limit: input.limit ?? DEFAULT_LIMIT }) as Row[]
    const highlighter = createHighlighter(query)
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
      }))
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear()
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }
}
