// The text preparation of search-text.ts as SQL functions, for the comment indexes, which
// triggers keep current (migrations 0007 and 0030) so that every writer of comments indexes them.
import type { Database } from 'better-sqlite3'
import { fold, foldWidth, wordIndexText } from './search-text'

/** search_fold(text): the text folded as search folds it (case and accents, in every script). */
export const SEARCH_FOLD = 'search_fold'

/**
 * search_word_text(text): text for a word index (wordIndexText); search_width_folded(text): text
 * for a trigram index (foldWidth); search_fold(text): fold() of the composed text, for filters
 * that compare names in any case (SQLite's NOCASE and LIKE fold ASCII only). Registered on every connection openDatabase opens, before the
 * triggers that call them can run.
 */
export function registerSearchTextFunctions(db: Database): void {
  const text = (value: unknown, prepare: (text: string) => string) =>
    typeof value === 'string' ? prepare(value) : value
  db.function('search_word_text', { deterministic: true }, (value) => text(value, wordIndexText))
  db.function('search_width_folded', { deterministic: true }, (value) => text(value, foldWidth))
  db.function(SEARCH_FOLD, { deterministic: true }, (value) => text(value, (t) => fold(t.normalize('NFC'))))
}
