// Migration 0064: each mailbox's signature, a column of its account ('' for none), so it goes
// when the mailbox is removed; its length is bounded there too.
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { SIGNATURE_MAX_CHARS } from '../../src-preload/contract/signature'

const SIGNATURES = bundledMigrations.find((m) => m.name === '0064_account_signatures.sql')!

const insertAccount = (db: BetterSqlite3.Database, id: number) =>
  db
    .prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
       VALUES (?, ?, ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', ?, 0)`
    )
    .run(id, `user${id}@rapport.test`, `user${id}`, `account:${id}`)

describe('migration 0064: a signature per mailbox', () => {
  it('gives the mailboxes added before it none', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < SIGNATURES.version)
    )
    insertAccount(db, 1)
    migrate(db, bundledMigrations)
    expect(new AccountRepository(db).get(1).signature).toBe('')
  })

  it('keeps one up to the limit, refuses a longer one, and removes it with its mailbox', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, bundledMigrations)
    insertAccount(db, 1)
    const accounts = new AccountRepository(db)
    accounts.setSignature(1, 'x'.repeat(SIGNATURE_MAX_CHARS))
    expect(accounts.get(1).signature).toHaveLength(SIGNATURE_MAX_CHARS)
    expect(() => accounts.setSignature(1, 'x'.repeat(SIGNATURE_MAX_CHARS + 1))).toThrow(/CHECK constraint/)
    expect(() => accounts.setSignature(2, 'Bob')).toThrow(/no account with id 2/)
    accounts.remove(1)
    insertAccount(db, 1)
    expect(accounts.get(1).signature).toBe('')
  })
})
