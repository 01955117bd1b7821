// Compiles a parsed query into SQL conditions on `messages m`. Text goes to one of two FTS5
// indexes: words to messages_fts (unicode61: words, prefixes, phrases), substrings to
// message_trigrams (Chinese and other unspaced scripts, emoji, parts of addresses). Conditions
// on the same index are merged into one MATCH, so FTS5 intersects the doclists itself.
import { contactMatchExpression } from './contact-search'
import { wordExpression } from './fts-expression'
import type { SearchQuery, SearchTerm, TextField } from './query-parser'
import {
  assembleConditions,
  NO_ROW,
  SqlParams,
  type AssembledConditions,
  type TermCondition
} from './query-assembly'
import { PEOPLE_CONTAIN } from './people-check'
import { SEARCH_FOLD } from './search-text-sql'
import { SHOWN_LOCATION } from '../queries/shown-location'
import { fold, needsSubstringSearch } from './search-text'
import { NOWHERE, substringMatch, withinBudget, type TrigramsStartingWith } from './short-substrings'

type FtsIndex = 'messages_fts' | 'message_trigrams'
type Condition = TermCondition<FtsIndex>
const FTS_INDEXES = ['messages_fts', 'message_trigrams'] as const

/**
 * Conditions on `messages m` and its search key `k` (message_search_keys, migration 0009): the
 * full-text indexes are keyed by k.key, newest first.
 */
export type CompiledQuery = AssembledConditions<FtsIndex> & { params: Record<string, string | number> }

const ALL_TRIGRAM_COLUMNS = ['subject', 'body', 'sender', 'recipients', 'cc', 'attachments'] as const

// What a substring trigrams cannot answer (see substringMatch) is looked for in, row by row.
// Only reached when other clauses or the LIMIT bound the scan; lower() folds ASCII only. People
// searched by field are checked instead (PEOPLE_CHECKS): their stored JSON has "name" and
// "address" in every entry, which `to:na` would find. Words reach SCAN_ANYWHERE only in the
// unspaced scripts (others go to the word index), which the JSON's keys cannot contain.
const SCAN_TEXT = {
  from: `lower(m.from_name || ' ' || m.from_address)`,
  to: `lower(m.to_json || m.cc_json || m.bcc_json)`,
  subject: `lower(m.subject)`
}
const SCAN_ANYWHERE = (p: string) =>
  `(instr(lower(m.subject), ${p}) > 0 OR coalesce(instr(lower(m.body_text), ${p}), 0) > 0
    OR instr(${SCAN_TEXT.from}, ${p}) > 0 OR instr(${SCAN_TEXT.to}, ${p}) > 0
    OR EXISTS (SELECT 1 FROM attachments a WHERE a.message_pk = m.id AND a.inline = 0 AND instr(lower(a.filename), ${p}) > 0))`

/** Start of a calendar day in the user's time zone (the core runs on the user's computer). */
export function startOfLocalDay(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, date).getTime()
}

type People = 'from' | 'to' | 'cc' | 'address'

// The trigram columns people are in. to: is any recipient (To, Cc or Bcc), as in Gmail and
// notmuch; cc: is Cc only; an address term (@gmail) is anyone.
const PEOPLE_COLUMNS: Record<People, readonly string[]> = {
  from: ['sender'],
  to: ['recipients', 'cc'],
  cc: ['cc'],
  address: ['sender', 'recipients', 'cc']
}

// The trigram people test made on a candidate row, by people searched, for a folded needle.
// The sender alone is on its key row (migration 0011), folded already; the others go through
// search_people_contain (see people-check.ts).
const PEOPLE_CHECKS: Record<People, (needle: string) => string> = {
  from: (needle) => `instr(k.sender, ${needle}) > 0`,
  to: (needle) => `${PEOPLE_CONTAIN}(${needle}, NULL, NULL, m.to_json, m.bcc_json, m.cc_json)`,
  cc: (needle) => `${PEOPLE_CONTAIN}(${needle}, NULL, NULL, m.cc_json)`,
  address: (needle) =>
    `${PEOPLE_CONTAIN}(${needle}, m.from_name, m.from_address, m.to_json, m.bcc_json, m.cc_json)`
}

function substring(
  text: string,
  columns: readonly string[],
  scan: (param: string) => string,
  params: SqlParams,
  trigrams: TrigramsStartingWith | undefined
): Condition {
  const match = substringMatch(text, columns, trigrams)
  if (match === NOWHERE) return NO_ROW
  return match ? { index: 'message_trigrams', match } : { sql: scan(params.add(text.toLowerCase())) }
}

/** People containing `text`: by trigrams, each candidate checked as the trigram index would. */
function peopleSubstring(
  text: string,
  people: People,
  params: SqlParams,
  trigrams: TrigramsStartingWith | undefined
): Condition {
  const match = substringMatch(text, PEOPLE_COLUMNS[people], trigrams)
  if (match === NOWHERE) return NO_ROW
  const check = PEOPLE_CHECKS[people](params.add(fold(text.normalize('NFC'))))
  // When trigrams cannot answer (from:Йо, too many trigrams; see substringMatch): the check
  // alone, row by row (other clauses or the LIMIT bound it). The from: check reads the key row.
  if (!match) return { sql: check, keyed: people === 'from' }
  return { index: 'message_trigrams', match, check }
}

function textCondition(
  text: string,
  exact: boolean,
  params: SqlParams,
  trigrams: TrigramsStartingWith | undefined
): Condition | null {
  if (needsSubstringSearch(text)) return substring(text, ALL_TRIGRAM_COLUMNS, SCAN_ANYWHERE, params, trigrams)
  const match = wordExpression(text, { prefix: !exact })
  return match ? { index: 'messages_fts', match } : null
}

function fieldCondition(
  field: TextField,
  text: string,
  exact: boolean,
  params: SqlParams,
  trigrams: TrigramsStartingWith | undefined
): Condition | null {
  if (field === 'subject') {
    if (needsSubstringSearch(text))
      return substring(text, ['subject'], (p) => `instr(${SCAN_TEXT.subject}, ${p}) > 0`, params, trigrams)
    const match = wordExpression(text, { prefix: !exact, columns: ['subject'] })
    return match ? { index: 'messages_fts', match } : null
  }
  return peopleSubstring(text, field, params, trigrams)
}

// `p` is folded (search_fold): a folder's path or name matches in any case, in any script
// (COLLATE NOCASE folds ASCII only: in:überweisungen missed Überweisungen). The folders are
// picked once, not per message.
const FOLDER_SQL = (
  p: string
) => `EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = m.id AND ${SHOWN_LOCATION}
      AND f.id IN (SELECT id FROM folders WHERE ${SEARCH_FOLD}(path) = ${p} OR ${SEARCH_FOLD}(name) = ${p}
        OR special_use = '\\' || ${p} COLLATE NOCASE))`

// Gmail has no Archive folder: archiving takes mail out of INBOX and leaves it in All Mail (\\All),
// which holds everything. So on an account without an archive folder, `in:archive` is mail in
// All Mail that is in none of INBOX, Sent, Drafts, Junk or Trash: what Archive put there. An
// archive folder the server no longer lists does not count: Archive then moves mail into All Mail
// too (MailActions.specialDestination, archiveFolderOf in the renderer).
const GMAIL_ARCHIVED_SQL = `EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = m.id AND ${SHOWN_LOCATION} AND f.special_use = '\\All'
      AND NOT EXISTS (SELECT 1 FROM folders a WHERE a.account_id = f.account_id AND a.on_server = 1
        AND (a.special_use = '\\Archive' OR ${SEARCH_FOLD}(a.path) = 'archive' OR ${SEARCH_FOLD}(a.name) = 'archive')))
  AND NOT EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id
    WHERE l.message_pk = m.id AND ${SHOWN_LOCATION}
      AND (f.path = 'INBOX' COLLATE NOCASE OR f.special_use IN ('\\Sent', '\\Drafts', '\\Junk', '\\Trash')))`

function folderCondition(folder: string, params: SqlParams): Condition {
  const folded = fold(folder.normalize('NFC'))
  const inFolder = FOLDER_SQL(params.add(folded))
  return { sql: folded === 'archive' ? `(${inFolder} OR (${GMAIL_ARCHIVED_SQL}))` : inFolder }
}

const CONTACT_SQL = (p: string) => `m.contact_id IN (SELECT sk.contact_id FROM contacts_fts
    JOIN contact_search_keys sk ON sk.key = contacts_fts.rowid WHERE contacts_fts MATCH ${p})`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function termCondition(
  term: SearchTerm,
  params: SqlParams,
  trigrams: TrigramsStartingWith | undefined
): Condition | null {
  switch (term.kind) {
    case 'word':
      return textCondition(term.text, false, params, trigrams)
    case 'phrase':
      return textCondition(term.text, true, params, trigrams)
    case 'address':
      return peopleSubstring(term.text, 'address', params, trigrams)
    case 'numbers': {
      const any = term.numbers.map((n) => wordExpression(n, { prefix: true })!)
      return { index: 'messages_fts', match: any.length === 1 ? any[0]! : `(${any.join(' OR ')})` }
    }
    case 'field':
      return fieldCondition(term.field, term.text, term.exact, params, trigrams)
    case 'hasAttachment':
      // On the key row, so that candidates of a text match are dropped before their message row is read.
      return { sql: 'k.has_attachments = 1', keyed: true }
    case 'is':
      if (term.state === 'flagged')
        return { sql: `EXISTS (SELECT 1 FROM json_each(m.flags_json) WHERE value = '\\Flagged')` }
      return { sql: `m.is_seen = ${term.state === 'read' ? 1 : 0}` }
    case 'date': {
      const start = params.add(startOfLocalDay(term.date))
      return { sql: term.bound === 'before' ? `m.date < ${start}` : `m.date >= ${start}` }
    }
    case 'in':
      return folderCondition(term.folder, params)
    case 'contact': {
      if (UUID.test(term.text)) return { sql: `m.contact_id = ${params.add(term.text)}` }
      const match = contactMatchExpression(term.text)
      return match ? { sql: CONTACT_SQL(params.add(match)) } : null
    }
  }
}

/**
 * SQL conditions (ANDed) selecting the messages a query matches, or null when nothing in it can
 * match anything (only punctuation, say). Order and paging are the caller's. `trigrams` lists
 * message_trigrams' terms, for one- and two-character substrings (short-substrings.ts); without
 * it they are scanned for.
 */
export function compileQuery(query: SearchQuery, trigrams?: TrigramsStartingWith): CompiledQuery | null {
  const params = new SqlParams()
  const lookup = trigrams && withinBudget(trigrams)
  const condition = (term: SearchTerm, p: SqlParams) => termCondition(term, p, lookup)
  const assembled = assembleConditions(query, condition, FTS_INDEXES, 'k.key', params)
  return assembled && { ...assembled, params: params.values }
}
