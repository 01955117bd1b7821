import type { Database, Statement } from 'better-sqlite3'

const caches = new WeakMap<Database, Map<string, Statement>>()

/**
 * The connection's compiled statement for this SQL, compiled once. For statements run per
 * message during import, where compiling the SQL again each time cost more than running it.
 */
export function prepared(db: Database, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  let statement = cache.get(sql)
  if (!statement) cache.set(sql, (statement = db.prepare(sql)))
  return statement
}

/**
 * Compiled statements for SQL built per request (search queries: typing produces a handful of
 * shapes), bounded so that endless shapes cannot grow it: when full, it starts over.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>()

  constructor(
    private readonly db: Database,
    private readonly limit: number
  ) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      if (this.statements.size >= this.limit) this.statements.clear()
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }
}
