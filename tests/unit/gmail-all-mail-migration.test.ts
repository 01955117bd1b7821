// Migration 0056: a Gmail-like mailbox (All Mail, no Archive) added before All Mail was synced by
// default gets it synced, as a mailbox added now does; a server with an Archive folder, or an All
// Mail the user synced and unticked, keeps its choice.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'

const ALL_MAIL_MIGRATION = bundledMigrations.find((m) => m.name === '0056_gmail_all_mail_synced.sql')!

describe('migration 0056: All Mail synced where it is the archive', () => {
  it('syncs the never-synced All Mail of mailboxes without an Archive folder only', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < ALL_MAIL_MIGRATION.version)
    )
    const account = db.prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (?, ?, ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', ?, 0)`
    )
    for (const id of [1, 2, 3])
      account.run(id, `me${id}@test.example`, `me${id}@test.example`, `account:${id}`)
    const folder = db.prepare(
      `INSERT INTO folders (id, account_id, path, name, delimiter, special_use, sync_enabled, uid_validity)
       VALUES (?, ?, ?, ?, '/', ?, ?, ?)`
    )
    // 1: Gmail, All Mail never synced. 2: Gmail, All Mail synced once and unticked by the user.
    // 3: a server with both Archive and All Mail.
    folder.run(10, 1, '[Gmail]/All Mail', 'All Mail', '\\All', 0, null)
    folder.run(20, 2, '[Gmail]/All Mail', 'All Mail', '\\All', 0, 5)
    folder.run(30, 3, 'All', 'All', '\\All', 0, null)
    folder.run(31, 3, 'Archive', 'Archive', '\\Archive', 1, 7)
    migrate(db, bundledMigrations)
    const synced = db.prepare('SELECT id FROM folders WHERE sync_enabled = 1 ORDER BY id').pluck().all()
    expect(synced).toEqual([10, 31])
  })
})
