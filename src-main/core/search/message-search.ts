import type { Database, Statement } from 'better-sqlite3'
import type { MessageHit, SearchCursor } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { LOCATION_COLUMNS, toSummary, type SummaryRow } from '../queries/mail-queries'
import { createHighlighter } from './match-highlighter'
import { compileQuery, type CompiledQuery } from './query-compiler'
import { parseQuery } from './query-parser'
import { MIN_QUERY_CHARACTERS } from './search-text'

export type MessageSearchInput = { query: string; limit?: number; after?: SearchCursor }
export type MessageSearchResult = {
  hits: MessageHit[]
  tooShort: boolean
  minLength: number
  /** Pass as `after` for the next page; null on the last page. */
  next: SearchCursor | null
}

type HitRow = SummaryRow & { body_text: string | null }

const DEFAULT_LIMIT = 50
/**
 * Below this many matches, the matches are listed and sorted by date; above it, the date index
 * is walked newest first, probing the matches, until the page is full. Sorting costs grow with
 * the matches (110 ms for 28k at 100k messages), the walk is bounded by the mailbox (6 ms for
 * 100k) and stops early when matches are dense. Measured with `npm run bench -- search`.
 */
export const SPARSE_MATCHES = 2000
/** Queries of one shape share a statement; typing a query produces a handful of shapes. */
const STATEMENT_CACHE = 64

// The summary columns and the body for the snippet, not m.*: HTML bodies are large.
const HIT_COLUMNS = `m.id, m.account_id, m.message_id, m.thread_id, m.subject, m.from_name, m.from_address,
  m.to_json, m.date, m.flags_json, m.is_seen, m.direction, m.snippet, m.has_attachments, m.body_text,
  ${LOCATION_COLUMNS}`

/**
 * Message search over every account and folder (unless the query says in:), newest first,
 * keyset-paged on (date, id) so a deep page costs what the first does.
 */
export class MessageSearch {
  private readonly statements = new Map<string, Statement>()

  constructor(
    private readonly db: Database,
    private readonly sparseMatches = SPARSE_MATCHES
  ) {}

  search(input: MessageSearchInput): MessageSearchResult {
    const query = parseQuery(input.query)
    const result = { hits: [], tooShort: query.tooShort, minLength: MIN_QUERY_CHARACTERS, next: null }
    if (query.tooShort) return result
    if (query.errors.length > 0) throw new CoreError('INVALID_INPUT', query.errors.join(' '), 'query')
    const compiled = compileQuery(query)
    if (!compiled) return result
    const limit = input.limit ?? DEFAULT_LIMIT
    const conditions = [...compiled.conditions]
    const params: Record<string, string | number> = { ...compiled.params, limit }
    if (input.after) {
      conditions.push('(m.date, m.id) < (@afterDate, @afterId)')
      params.afterDate = Date.parse(input.after.date)
      params.afterId = input.after.id
    }
    // The page is chosen on ids and dates only, then its rows are read: sorting whole rows would
    // copy every match's body into the sorter (2x the SQL time for a common word).
    const page = `SELECT m.id FROM messages m ${this.walkDates(compiled, params) ? 'INDEXED BY messages_by_date' : ''}
      WHERE ${conditions.length > 0 ? conditions.join('\n AND ') : 1}
      ORDER BY m.date DESC, m.id DESC LIMIT @limit`
    const ids = this.statement(page).pluck().all(params) as number[]
    const byId = new Map(
      (this.rowsStatement().all(JSON.stringify(ids)) as HitRow[]).map((row) => [row.id, row])
    )
    const rows = ids.flatMap((id) => byId.get(id) ?? [])
    const highlighter = createHighlighter(query)
    const hits = rows.map((row): MessageHit => ({
      ...toSummary(row),
      subjectRanges: highlighter.subject(row.subject),
      match: highlighter.snippet(row.body_text ?? row.snippet)
    }))
    const last = rows.at(-1)
    return {
      ...result,
      hits,
      next: last && rows.length === limit ? { date: new Date(last.date).toISOString(), id: last.id } : null
    }
  }

  /** Whether every full-text condition is dense, so walking the date index finds a page soonest. */
  private walkDates(compiled: CompiledQuery, params: Record<string, string | number>): boolean {
    if (compiled.matchSets.length === 0) return false // filters only: the planner knows best
    return compiled.matchSets.every((set) => {
      const count = this.statement(`SELECT count(*) FROM (${set} LIMIT ${this.sparseMatches + 1})`)
      return (count.pluck().get(params) as number) > this.sparseMatches
    })
  }

  private rowsStatement(): Statement {
    return this.statement(
      `SELECT ${HIT_COLUMNS} FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))`
    )
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
