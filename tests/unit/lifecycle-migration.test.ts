import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'

const lifecycle = bundledMigrations.find((m) => /_account_lifecycle\.sql$/.test(m.name))!

describe('account lifecycle migration', () => {
  it('adds STRICT backfill and trash tables that follow their folder and message', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, bundledMigrations)
    for (const name of ['folder_backfills', 'trash_entries']) {
      const table = db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(name) as { sql: string } | undefined
      expect(table?.sql, name).toMatch(/STRICT/)
      expect(table?.sql).toMatch(/ON DELETE CASCADE/)
    }
  })

  it('keeps existing accounts, with the default poll interval (NULL) and their shared flag', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < lifecycle.version)
    )
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, is_shared, created_at)
      VALUES (1, 'a@b.c', 'a', 'h', 1, 'tls', 'h', 1, 'tls', 's', 1, 0)`)
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT is_shared, poll_interval_seconds FROM accounts').get()).toEqual({
      is_shared: 1,
      poll_interval_seconds: null
    })
  })
})
