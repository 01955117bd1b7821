// The id for a row inserted into a table whose ids are never given twice (migrations 0036, 0037):
// past every id in the table and every id deleted from it. Without it SQLite gives max(id) + 1,
// the id of the row deleted last when it was the highest, which a task or a window may still name.
export type NeverReused = 'messages' | 'drafts'

/** An SQL expression for the new row's id, to put in its INSERT's VALUES. */
export function newIdSql(table: NeverReused): string {
  return `(SELECT max(ifnull((SELECT max(id) FROM ${table}), 0), last_id) + 1
    FROM ids_forgotten WHERE table_name = '${table}')`
}
