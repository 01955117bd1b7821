// Migration 0058: an account paused for "sign in again" before e48a0ef keeps only the server's own
// words as its reason, as one paused now does (sync-service.ts noteAuthFailure).
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'

const MIGRATION = bundledMigrations.find((m) => m.name === '0058_sign_in_reason_server_words.sql')

describe('migration 0058: a paused account keeps only the server words as its reason', () => {
  it('takes the server words out of the sentences stored before, and clears Rapport-own reasons', () => {
    expect(MIGRATION, 'the migration exists').toBeDefined()
    const db = new BetterSqlite3(':memory:')
    migrate(
      db,
      bundledMigrations.filter((m) => m.version < MIGRATION!.version)
    )
    const account = db.prepare(
      `INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at, state, state_reason)
       VALUES (?, ?, ?, 'imap.test', 993, 'tls', 'smtp.test', 465, 'tls', ?, 0, ?, ?)`
    )
    const reasons: Array<[string, string | null]> = [
      [
        'needs-signin',
        'The IMAP server rejected the user name or password (Authentication failed (x).). Check them and try again; some providers need an app password.'
      ],
      [
        'needs-signin',
        'The sign-in server refused the authorization (invalid_grant: Token has been expired or revoked.). Sign in again.'
      ],
      ['needs-signin', 'The sign-in for me3@test.example has expired. Sign in again.'],
      ['archived', 'Disconnected on 2026-12-01; kept as a read-only archive.'],
      ['needs-signin', null]
    ]
    reasons.forEach(([state, reason], i) =>
      account.run(
        i + 1,
        `me${i + 1}@test.example`,
        `me${i + 1}@test.example`,
        `account:${i + 1}`,
        state,
        reason
      )
    )
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT state_reason FROM accounts ORDER BY id').pluck().all()).toEqual([
      'Authentication failed (x).',
      'invalid_grant: Token has been expired or revoked.',
      null,
      'Disconnected on 2026-12-01; kept as a read-only archive.',
      null
    ])
  })
})
