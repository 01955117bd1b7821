// The part of compiling a search query that messages and comments share: named SQL parameters,
// and turning each clause's condition (a full-text MATCH on one index, or plain SQL) into ANDed
// conditions on the row key, with negation folded into the FTS expression where FTS5 can do it.
import type { SearchQuery, SearchTerm } from './query-parser'

export class SqlParams {
  readonly values: Record<string, string | number> = {}
  add(value: string | number): string {
    const name = `p${Object.keys(this.values).length}`
    this.values[name] = value
    return `@${name}`
  }
}

/**
 * What one search term becomes: a MATCH expression on a full-text index, or an SQL condition.
 * `check`, when given, is the same test made on the row itself. `keyed`: the SQL reads the row's
 * search key (`k`), so a query not driven by an index has to join it.
 */
export type TermCondition<Index extends string> =
  { index: Index; match: string; check?: string } | { sql: string; keyed?: boolean }

/** A condition no row meets: a term that describes nothing, or a substring no indexed text holds. */
export const NO_ROW = { sql: '0' } as const

/** A positive full-text condition: `index MATCH param`. */
export type IndexMatch<Index extends string> = { index: Index; param: string }

export type AssembledConditions<Index extends string> = {
  /** Every condition, ANDed. */
  conditions: string[]
  /** The conditions other than `matches`, which a query driven by one of the indexes adds to it. */
  filters: string[]
  /** One per index with positive terms, in the order of `indexes`. */
  matches: Array<IndexMatch<Index>>
  /** Whether any condition is on the search key (a full-text one, positive or negated, or a keyed one). */
  keyed: boolean
}

/** `key` is among the rows of a full-text match. */
export const inMatch = (key: string, { index, param }: IndexMatch<string>): string =>
  `${key} IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ${param})`

/**
 * ANDed conditions on `key` (the rowid the indexes share) for every clause of `query`, or null
 * when no clause can match anything (only punctuation, say).
 */
export function assembleConditions<Index extends string>(
  query: SearchQuery,
  termCondition: (term: SearchTerm, params: SqlParams) => TermCondition<Index> | null,
  indexes: readonly Index[],
  key: string,
  params: SqlParams
): AssembledConditions<Index> | null {
  const positive = new Map<Index, Array<{ match: string; check?: string }>>()
  const negative = new Map<Index, string[]>()
  const filters: string[] = []
  const matches: Array<IndexMatch<Index>> = []
  let anything = false
  let keyedSql = false
  for (const clause of query.clauses) {
    const condition = termCondition(clause.term, params)
    if (!condition) continue
    anything = true
    if ('sql' in condition) {
      // coalesce: a NULL (no contact, no body) must count as "does not match" both ways.
      filters.push(clause.negated ? `NOT coalesce(${condition.sql}, 0)` : condition.sql)
      keyedSql ||= condition.keyed === true
      continue
    }
    if (clause.negated)
      negative.set(condition.index, [...(negative.get(condition.index) ?? []), condition.match])
    else positive.set(condition.index, [...(positive.get(condition.index) ?? []), condition])
  }
  if (!anything) return null
  // The first index with a term that only it can answer drives the query. A term on another index
  // that the row can answer too (an address) is checked on the driver's candidates instead:
  // listing all its matches (a quarter of the mailbox for @gmail) would cost more than the page.
  const driver = indexes.find((index) => positive.get(index)?.some((term) => term.check === undefined))
  for (const [index, terms] of positive) {
    if (driver === undefined || index === driver) continue
    filters.push(...terms.flatMap((term) => (term.check === undefined ? [] : [term.check])))
    const kept = terms.filter((term) => term.check === undefined)
    if (kept.length > 0) positive.set(index, kept)
    else positive.delete(index)
  }
  for (const index of indexes) {
    const wanted = (positive.get(index) ?? []).map((term) => term.match)
    const unwanted = negative.get(index) ?? []
    if (wanted.length > 0) {
      // FTS5 applies NOT inside the index, cheaper than a NOT IN over a large set. One NOT of
      // all the unwanted terms: a level of brackets per term overflowed FTS5's parser stack
      // (about 90 negated words), while a flat OR does not.
      const all = (terms: string[], operator: string) => terms.map((m) => `(${m})`).join(` ${operator} `)
      const match =
        unwanted.length > 0 ? `(${all(wanted, 'AND')}) NOT (${all(unwanted, 'OR')})` : all(wanted, 'AND')
      matches.push({ index, param: params.add(match) })
    } else {
      for (const m of unwanted) filters.push(`NOT ${inMatch(key, { index, param: params.add(m) })}`)
    }
  }
  return {
    conditions: [...filters, ...matches.map((match) => inMatch(key, match))],
    filters,
    matches,
    keyed: keyedSql || positive.size + negative.size > 0
  }
}
