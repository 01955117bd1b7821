// The searches the user ran last, for the search bar's dropdown. Kept in the workspace's
// settings table rather than in the browser: in web mode the page's origin carries a new port
// on every run, so localStorage would forget them at each restart; the database does not, in
// the app and in web mode alike.
import type { Database } from 'better-sqlite3'
import { readJsonArray, writeSetting } from '../db/settings'
import type { RecentSearch, SearchKind } from '../../../src-preload/contract'

const KEY = 'recent_searches'
export const MAX_RECENT_SEARCHES = 10

export class RecentSearches {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now
  ) {}

  list(): RecentSearch[] {
    return (readJsonArray(this.db, KEY) ?? []) as RecentSearch[]
  }

  /** Puts a query on top of the list (once: the same query again moves up), newest first. */
  remember(query: string, kind: SearchKind): RecentSearch[] {
    const text = query.trim()
    const entry: RecentSearch = { query: text, kind, at: new Date(this.now()).toISOString() }
    const list = [entry, ...this.list().filter((r) => r.query !== text)].slice(0, MAX_RECENT_SEARCHES)
    this.save(list)
    return list
  }

  clear(): void {
    this.save([])
  }

  private save(list: RecentSearch[]): void {
    writeSetting(this.db, KEY, JSON.stringify(list))
  }
}
