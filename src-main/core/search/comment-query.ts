// Compiles a parsed query into SQL conditions on `comments c` joined to its search key `k` and
// conversation `cv`. The same language as messages, so one query typed in the search bar means
// the same on every tab: text goes to comments_fts (words) or comment_trigrams (substrings),
// from: is the author, before:/after: the time written, contact: the conversation's contact.
// Operators about mail only (to:, cc:, subject:, has:, in:, is:) describe no comment, so they
// match none (and, negated, every one).
import { contactMatchExpression } from './contact-search'
import { substringExpression, wordExpression } from './fts-expression'
import { startOfLocalDay } from './query-compiler'
import type { SearchQuery, SearchTerm } from './query-parser'
import { needsSubstringSearch } from './search-text'

type CommentIndex = 'comments_fts' | 'comment_trigrams'
type Condition = { index: CommentIndex; match: string } | { sql: string }

export type CompiledCommentQuery = { conditions: string[]; params: Record<string, string | number> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NOTHING = { sql: '0' }

class Params {
  readonly values: Record<string, string | number> = {}
  add(value: string | number): string {
    const name = `p${Object.keys(this.values).length}`
    this.values[name] = value
    return `@${name}`
  }
}

/** Below three code points trigrams cannot answer: scan the bodies (other clauses bound it). */
function substring(text: string, params: Params): Condition {
  const match = substringExpression(text)
  return match
    ? { index: 'comment_trigrams', match }
    : { sql: `instr(lower(c.body), ${params.add(text.toLowerCase())}) > 0` }
}

function text(value: string, exact: boolean, params: Params): Condition | null {
  if (needsSubstringSearch(value)) return substring(value, params)
  const match = wordExpression(value, { prefix: !exact })
  return match ? { index: 'comments_fts', match } : null
}

function termCondition(term: SearchTerm, params: Params): Condition | null {
  switch (term.kind) {
    case 'word':
      return text(term.text, false, params)
    case 'phrase':
      return text(term.text, true, params)
    case 'address':
      return substring(term.text, params)
    case 'numbers': {
      const any = term.numbers.map((n) => wordExpression(n, { prefix: true })!)
      return { index: 'comments_fts', match: any.length === 1 ? any[0]! : `(${any.join(' OR ')})` }
    }
    case 'field': {
      if (term.field !== 'from') return NOTHING
      const p = params.add(term.text.toLowerCase())
      return {
        sql: `EXISTS (SELECT 1 FROM members a WHERE a.id = c.author_id
          AND instr(lower(a.name || ' ' || a.email), ${p}) > 0)`
      }
    }
    case 'date': {
      const start = params.add(startOfLocalDay(term.date))
      return { sql: term.bound === 'before' ? `c.created_at < ${start}` : `c.created_at >= ${start}` }
    }
    case 'contact': {
      if (UUID.test(term.text)) return { sql: `cv.contact_id = ${params.add(term.text)}` }
      const match = contactMatchExpression(term.text)
      return match
        ? {
            sql: `cv.contact_id IN (SELECT sk.contact_id FROM contacts_fts
              JOIN contact_search_keys sk ON sk.key = contacts_fts.rowid WHERE contacts_fts MATCH ${params.add(match)})`
          }
        : null
    }
    case 'hasAttachment':
    case 'in':
    case 'is':
      return NOTHING
  }
}

/** Conditions (ANDed) selecting the comments a query matches; null when nothing in it can match. */
export function compileCommentQuery(query: SearchQuery): CompiledCommentQuery | null {
  const params = new Params()
  const positive = new Map<CommentIndex, string[]>()
  const negative = new Map<CommentIndex, string[]>()
  const conditions: string[] = []
  let anything = false
  for (const clause of query.clauses) {
    const condition = termCondition(clause.term, params)
    if (!condition) continue
    anything = true
    if ('sql' in condition) {
      conditions.push(clause.negated ? `NOT coalesce(${condition.sql}, 0)` : condition.sql)
      continue
    }
    const bucket = clause.negated ? negative : positive
    bucket.set(condition.index, [...(bucket.get(condition.index) ?? []), condition.match])
  }
  if (!anything) return null
  for (const index of ['comments_fts', 'comment_trigrams'] as const) {
    const wanted = positive.get(index) ?? []
    const unwanted = negative.get(index) ?? []
    if (wanted.length > 0) {
      let match = wanted.map((m) => `(${m})`).join(' AND ')
      for (const m of unwanted) match = `(${match}) NOT (${m})`
      conditions.push(`k.key IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ${params.add(match)})`)
    } else {
      for (const m of unwanted)
        conditions.push(`k.key NOT IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ${params.add(m)})`)
    }
  }
  return { conditions, params: params.values }
}
