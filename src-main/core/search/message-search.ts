import type { Database, Statement } from 'better-sqlite3'
import { StatementCache } from '../db/statement-cache'
import type { MessageHit, SearchCursor } from '../../../src-preload/contract'
import type { Member } from '../people/people-repository'
import { LOCATION_COLUMNS, toSummary, type SummaryRow } from '../queries/mail-queries'
import {
  serverDeletionColumns,
  serverDeletionFlags,
  type ServerDeletionRow
} from '../queries/server-deletion'
import { createHighlighter } from './match-highlighter'
import { SEARCH_KEY } from './message-index'
import { registerPeopleCheck } from './people-check'
import { inMatch } from './query-assembly'
import { compileQuery, type CompiledQuery } from './query-compiler'
import { parseQuery } from './query-parser'
import { invalidQueryError } from './query-problems'
import { trigramsStartingWith, type TrigramsStartingWith } from './short-substrings'
import { visibleConversations } from './visibility'

export type MessageSearchInput = { query: string; limit?: number; after?: SearchCursor }
export type MessageSearchResult = {
  hits: MessageHit[]
  tooShort: boolean
  minLength: number
  /** Pass as `after` for the next page; null on the last page. */
  next: SearchCursor | null
}

type HitRow = SummaryRow & ServerDeletionRow & { body_text: string | null }
type Page = { sql: string; params: Record<string, string | number> }

const DEFAULT_LIMIT = 50
/** Queries of one shape share a statement; typing a query produces a handful of shapes. */
const STATEMENT_CACHE = 64

// The summary columns and the body for the snippet, not m.*: HTML bodies are large. Whether the
// server still has it is read for the page's rows only, as the thread view says it.
const HIT_COLUMNS = `m.id, m.account_id, m.message_id, m.thread_id, m.subject, m.from_name, m.from_address,
  m.to_json, m.date, m.flags_json, m.is_seen, m.direction, m.snippet, m.has_attachments, m.body_text,
  m.deleted_on_server, ${LOCATION_COLUMNS}, ${serverDeletionColumns('m')}`

/**
 * Message search over every account and folder (unless the query says in:), newest first,
 * keyset-paged so a deep page costs what the first does.
 */
export class MessageSearch {
  private readonly statements: StatementCache

  private readonly trigrams: TrigramsStartingWith

  constructor(db: Database) {
    registerPeopleCheck(db)
    this.statements = new StatementCache(db, STATEMENT_CACHE)
    this.trigrams = trigramsStartingWith(db, 'message_trigrams')
  }

  /** `viewer` limits a restricted agent to the mail of conversations they may see. */
  search(input: MessageSearchInput, viewer?: Member): MessageSearchResult {
    const query = parseQuery(input.query)
    const result = { hits: [], tooShort: query.tooShort, minLength: query.minLength, next: null }
    if (query.tooShort) return result
    if (query.problems.length > 0) throw invalidQueryError(query.problems)
    const compiled = compileQuery(query, this.trigrams)
    if (!compiled) return result
    if (viewer) restrictTo(viewer, compiled)
    const limit = input.limit ?? DEFAULT_LIMIT
    const page = pageQuery(compiled, limit, input.after)
    // The page is chosen on keys only, then its rows are read: only the page's bodies are loaded
    // and only they get snippets.
    const ids = this.statements.get(page.sql).pluck().all(page.params) as number[]
    const byId = new Map(
      (this.rowsStatement().all(JSON.stringify(ids)) as HitRow[]).map((row) => [row.id, row])
    )
    const rows = ids.flatMap((id) => byId.get(id) ?? [])
    const highlighter = createHighlighter(query)
    const hits = rows.map((row): MessageHit => ({
      ...toSummary(row),
      ...serverDeletionFlags(row),
      subjectRanges: highlighter.subject(row.subject),
      match: highlighter.snippet(row.body_text ?? row.snippet)
    }))
    const last = rows.at(-1)
    return {
      ...result,
      hits,
      next: last && ids.length === limit ? { date: new Date(last.date).toISOString(), id: last.id } : null
    }
  }

  private rowsStatement(): Statement {
    return this.statements.get(
      `SELECT ${HIT_COLUMNS} FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`
    )
  }
}

/** Adds the viewer's visibility rule to every path a page query may take. */
function restrictTo(viewer: Member, compiled: CompiledQuery): void {
  const visible = visibleConversations(viewer, compiled.params)
  if (!visible) return
  const condition = `EXISTS (SELECT 1 FROM conversations cv
    WHERE cv.thread_id = m.thread_id AND cv.deleted = 0 AND ${visible})`
  compiled.filters.push(condition)
  compiled.conditions.push(condition)
}

/** The ids of one page of hits, newest first. */
export function pageQuery(compiled: CompiledQuery, limit: number, after?: SearchCursor): Page {
  return compiled.matches.length > 0 ? byKey(compiled, limit, after) : byDate(compiled, limit, after)
}

/**
 * With text to match: one full-text index is read in rowid order, which is newest first (its
 * rowid is the search key of message-index.ts), and the reading stops when the page is full,
 * however many messages match. The other conditions are checked on each candidate. Pages follow
 * in key order.
 */
function byKey(compiled: CompiledQuery, limit: number, after: SearchCursor | undefined): Page {
  const [driver, ...others] = compiled.matches
  const { index, param } = driver!
  const conditions = [
    `${index} MATCH ${param}`,
    ...compiled.filters,
    ...others.map((m) => inMatch('k.key', m))
  ]
  const params: Record<string, string | number> = { ...compiled.params, limit }
  if (after) {
    // The key of the last hit; computed from its date and id if it was deleted meanwhile.
    conditions.push(`${index}.rowid > coalesce(
      (SELECT key FROM message_search_keys WHERE message_pk = @afterId), ${SEARCH_KEY('@afterDate', '@afterId')})`)
    Object.assign(params, { afterDate: Date.parse(after.date), afterId: after.id })
  }
  // CROSS JOIN: the index drives, in its own order, so ORDER BY ... LIMIT can stop early.
  const sql = `SELECT k.message_pk FROM ${index}
      CROSS JOIN message_search_keys k ON k.key = ${index}.rowid
      CROSS JOIN messages m ON m.id = k.message_pk
    WHERE ${conditions.join('\n AND ')}
    ORDER BY ${index}.rowid LIMIT @limit`
  return { sql, params }
}

/** Filters only (flags, folders, dates, contacts): the planner picks the index; newest first by date. */
function byDate(compiled: CompiledQuery, limit: number, after: SearchCursor | undefined): Page {
  // Drafts are in no conversation and no index (isDraft): the filters skip them as the index does.
  const conditions = [...compiled.conditions, 'm.is_draft = 0']
  const params: Record<string, string | number> = { ...compiled.params, limit }
  if (after) {
    conditions.push('(m.date, m.id) < (@afterDate, @afterId)')
    Object.assign(params, { afterDate: Date.parse(after.date), afterId: after.id })
  }
  // A negated text term (-word alone) is a condition on the search key.
  const key = compiled.keyed ? 'CROSS JOIN message_search_keys k ON k.message_pk = m.id' : ''
  const sql = `SELECT m.id FROM messages m ${key}
    WHERE ${conditions.join('\n AND ')}
    ORDER BY m.date DESC, m.id DESC LIMIT @limit`
  return { sql, params }
}
