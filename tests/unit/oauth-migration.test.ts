import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'

const OAUTH_MIGRATION = bundledMigrations.find((m) => m.name === '0006_account_oauth.sql')!

const insert = `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host,
  smtp_port, smtp_security, secret_ref, created_at, auth_method, oauth_provider)
  VALUES (?, ?, 'u', 'h', 993, 'tls', 'h', 465, 'tls', 'ref', 0, ?, ?)`

describe('migration 0006: the OAuth2 provider of an account', () => {
  it('keeps existing password accounts as they were, with no provider', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < OAUTH_MIGRATION.version)
    )
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port,
      smtp_security, secret_ref, created_at) VALUES (1, 'old@x.test', 'u', 'h', 993, 'tls', 'h', 465, 'tls', 'ref', 0)`)
    migrate(db, bundledMigrations)
    expect(new AccountRepository(db).get(1)).toMatchObject({ auth: 'password', oauthProvider: null })
  })

  it('stores google or microsoft, and refuses any other provider', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, bundledMigrations)
    db.prepare(insert).run(1, 'a@gmail.com', 'oauth2', 'google')
    expect(new AccountRepository(db).get(1)).toMatchObject({ auth: 'oauth2', oauthProvider: 'google' })
    expect(() => db.prepare(insert).run(2, 'b@yahoo.com', 'oauth2', 'yahoo')).toThrow(/CHECK constraint/)
  })
})
