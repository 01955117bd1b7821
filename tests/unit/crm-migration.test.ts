import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'

const crm = bundledMigrations.find((m) => /_crm\.sql$/.test(m.name))!

describe('CRM migration', () => {
  it('adds people, inbox state, comments, notifications, leads and threading decisions as STRICT tables', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, bundledMigrations)
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string
      sql: string
    }>
    for (const name of [
      'members',
      'teams',
      'team_members',
      'custom_inboxes',
      'custom_inbox_items',
      'inbox_marks',
      'comments',
      'notifications',
      'contact_tags',
      'contact_field_defs',
      'contact_merges',
      'leads',
      'lead_links',
      'thread_decisions'
    ]) {
      const table = tables.find((t) => t.name === name)
      expect(table, name).toBeDefined()
      expect(table!.sql).toMatch(/STRICT/)
    }
  })

  it('keeps existing conversations, copying the open ones’ status time and leaving closed ones unknown', () => {
    const db = new BetterSqlite3(':memory:')
    const before = bundledMigrations.filter((m) => m.version < crm.version)
    migrate(db, before)
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
      VALUES (1, 'a@b.c', 'a', 'h', 1, 'tls', 'h', 1, 'tls', 's', 0);
      INSERT INTO threads (id, account_id) VALUES (1, 1), (2, 1);
      INSERT INTO conversations (id, account_id, thread_id, status, status_changed_at, created_at, hlc)
        VALUES ('open', 1, 1, 'open', 500, 0, 'h'), ('closed', 1, 2, 'closed', 700, 0, 'h');`)
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT id, status_since, blocked FROM conversations ORDER BY id').all()).toEqual([
      { id: 'closed', status_since: 0, blocked: 0 },
      { id: 'open', status_since: 500, blocked: 0 }
    ])
  })
})
