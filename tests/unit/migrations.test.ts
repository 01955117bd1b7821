import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/core/db/database'
import { bundledMigrations, parseMigrations } from '../../src-main/core/db/migrations'
import { checksumOf, migrate, MigrationError } from '../../src-main/core/db/migrator'

const tables = (db: BetterSqlite3.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as Array<{
      name: string
    }>
  ).map((r) => r.name)

describe('migrations', () => {
  it('0001 creates the schema the roadmap needs, with FTS5 and shareable-row columns', () => {
    const db = openDatabase(':memory:')
    const names = tables(db)
    for (const table of [
      'accounts',
      'folders',
      'messages',
      'message_locations',
      'attachments',
      'threads',
      'conversations',
      'contacts',
      'contact_emails',
      'events',
      'tasks',
      'messages_fts'
    ]) {
      expect(names).toContain(table)
    }
    for (const table of ['contacts', 'contact_emails', 'conversations']) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
        (c) => c.name
      )
      expect(columns).toEqual(expect.arrayContaining(['hlc', 'updated_by', 'deleted']))
    }
    const folderColumns = (db.prepare('PRAGMA table_info(folders)').all() as Array<{ name: string }>).map(
      (c) => c.name
    )
    expect(folderColumns).toEqual(expect.arrayContaining(['uid_validity', 'uid_next', 'highest_modseq']))
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('records each migration with its checksum and applies nothing twice', () => {
    const db = new BetterSqlite3(':memory:')
    expect(migrate(db, bundledMigrations).applied).toEqual(bundledMigrations.map((m) => m.version))
    expect(migrate(db, bundledMigrations).applied).toEqual([])
    const row = db.prepare('SELECT name, checksum FROM schema_migrations WHERE version = 1').get()
    expect(row).toEqual({ name: '0001_init.sql', checksum: checksumOf(bundledMigrations[0]!.sql) })
  })

  it('refuses a database whose applied migration was edited afterwards', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, bundledMigrations)
    const edited = bundledMigrations.map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m))
    expect(() => migrate(db, edited)).toThrow(MigrationError)
    expect(() => migrate(db, edited)).toThrow(/checksum differs/)
  })

  it('refuses a database created by a newer Rapport', () => {
    const db = new BetterSqlite3(':memory:')
    const future = [
      ...bundledMigrations,
      {
        version: bundledMigrations.length + 1,
        name: '9999_future.sql',
        sql: 'CREATE TABLE future (x INTEGER) STRICT;'
      }
    ]
    migrate(db, future)
    expect(() => migrate(db, bundledMigrations)).toThrow(/newer Rapport/)
  })

  it('rolls back a failing migration and leaves earlier ones applied', () => {
    const db = new BetterSqlite3(':memory:')
    const broken = parseMigrations({
      './0001_ok.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
      './0002_bad.sql': 'CREATE TABLE b (x INTEGER) STRICT; SELECT * FROM nope;'
    })
    expect(() => migrate(db, broken)).toThrow()
    expect(tables(db)).toContain('a')
    expect(tables(db)).not.toContain('b')
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }])
  })

  it('rejects badly named or gapped migration files', () => {
    expect(() => parseMigrations({ './init.sql': '' })).toThrow(/0001_name/)
    expect(() => parseMigrations({ './0001_a.sql': '', './0003_c.sql': '' })).toThrow(/without gaps/)
  })

  it('uses the recency index for the thread list (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(':memory:')
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM threads WHERE message_count > 0 AND (last_message_at, id) < (?, ?)
       ORDER BY last_message_at DESC, id DESC LIMIT 50`
        )
        .all(Date.now(), 1e9) as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/threads_by_recency/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('uses the Message-ID index to find a message', () => {
    const db = openDatabase(':memory:')
    const plan = (
      db
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM messages WHERE account_id = ? AND message_id = ?')
        .all(1, '<x>') as Array<{ detail: string }>
    )
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/USING (COVERING )?INDEX/)
  })
})
