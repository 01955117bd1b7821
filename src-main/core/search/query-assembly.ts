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

/** What one search term becomes: a MATCH expression on a full-text index, or an SQL condition. */
export type TermCondition<Index extends string> = { index: Index; match: string } | { sql: string }

export type AssembledConditions = {
  conditions: string[]
  /** One subquery per positive full-text condition, listing its rowids: how dense it is. */
  matchSets: string[]
}

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
): AssembledConditions | null {
  const positive = new Map<Index, string[]>()
  const negative = new Map<Index, string[]>()
  const conditions: string[] = []
  const matchSets: string[] = []
  let anything = false
  for (const clause of query.clauses) {
    const condition = termCondition(clause.term, params)
    if (!condition) continue
    anything = true
    if ('sql' in condition) {
      // coalesce: a NULL (no contact, no body) must count as "does not match" both ways.
      conditions.push(clause.negated ? `NOT coalesce(${condition.sql}, 0)` : condition.sql)
      continue
    }
    const bucket = clause.negated ? negative : positive
    bucket.set(condition.index, [...(bucket.get(condition.index) ?? []), condition.match])
  }
  if (!anything) return null
  for (const index of indexes) {
    const wanted = positive.get(index) ?? []
    const unwanted = negative.get(index) ?? []
    if (wanted.length > 0) {
      // FTS5 applies NOT inside the index, cheaper than a NOT IN over a large set.
      let match = wanted.map((m) => `(${m})`).join(' AND ')
      for (const m of unwanted) match = `(${match}) NOT (${m})`
      const set = `SELECT rowid FROM ${index} WHERE ${index} MATCH ${params.add(match)}`
      matchSets.push(set)
      conditions.push(`${key} IN (${set})`)
    } else {
      for (const m of unwanted)
        conditions.push(`${key} NOT IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ${params.add(m)})`)
    }
  }
  return { conditions, matchSets }
}
