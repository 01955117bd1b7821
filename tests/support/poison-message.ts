// Makes the store refuse one message, standing in for whatever makes it throw on real mail (a
// bug, a constraint the message trips). The trigger is written into the workspace file from the
// test's own connection; the core's connection sees it too, as SQLite re-reads a changed schema.
import Database from 'better-sqlite3'
import { join } from 'node:path'

function onWorkspace(dataDir: string, sql: string): void {
  const db = new Database(join(dataDir, 'rapport.sqlite'))
  try {
    db.exec(sql)
  } finally {
    db.close()
  }
}

/** From now on the core cannot store the messages with these Message-IDs; returns what lifts that. */
export function refuseToStore(dataDir: string, messageIds: string | string[]): () => void {
  const list = [messageIds].flat().map((id) => `'${id}'`)
  onWorkspace(
    dataDir,
    `CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.message_id IN (${list.join(', ')})
      BEGIN SELECT RAISE(ABORT, 'cannot store this one'); END`
  )
  return () => onWorkspace(dataDir, 'DROP TRIGGER poison')
}
