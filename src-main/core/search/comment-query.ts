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
import { assembleConditions, NO_ROW, SqlParams, type TermCondition } from './query-assembly'
import { PEOPLE_CONTAIN } from './people-check'
import { fold, needsSubstringSearch } from './search-text'

type CommentIndex = 'comments_fts' | 'comment_trigrams'
type Condition = TermCondition<CommentIndex>
const COMMENT_INDEXES = ['comments_fts', 'comment_trigrams'] as const

export type CompiledCommentQuery = { conditions: string[]; params: Record<string, string | number> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Below three code points trigrams cannot answer: scan the bodies (other clauses bound it). */
function substring(text: string, params: SqlParams): Condition {
  const match = substringExpression(text)
  return match
    ? { index: 'comment_trigrams', match }
    : { sql: `instr(lower(c.body), ${params.add(text.toLowerCase())}) > 0` }
}

function text(value: string, exact: boolean, params: SqlParams): Condition | null {
  if (needsSubstringSearch(value)) return substring(value, params)
  const match = wordExpression(value, { prefix: !exact })
  return match ? { index: 'comments_fts', match } : null
}

function termCondition(term: SearchTerm, params: SqlParams): Condition | null {
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
      if (term.field !== 'from') return NO_ROW
      // Folded as message from: folds (case and accents: from:jose finds José), by the same check.
      const needle = params.add(fold(term.text.normalize('NFC')))
      return {
        sql: `EXISTS (SELECT 1 FROM members a WHERE a.id = c.author_id
          AND ${PEOPLE_CONTAIN}(${needle}, a.name, a.email))`
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
      return NO_ROW
  }
}

/** Conditions (ANDed) selecting the comments a query matches; null when nothing in it can match. */
export function compileCommentQuery(query: SearchQuery): CompiledCommentQuery | null {
  const params = new SqlParams()
  const assembled = assembleConditions(query, termCondition, COMMENT_INDEXES, 'k.key', params)
  return assembled && { conditions: assembled.conditions, params: params.values }
}
