// Migration 0061: account ids are never given twice from 792d409 on (AccountRepository keeps the
// highest removed id in settings). A workspace whose newest mailbox was removed before then kept
// no such id, so the next mailbox added took the removed one's id once more: a saved view of the
// removed mailbox (a custom inbox's accountIds) then listed the new one's conversations.
import { describe, expect, it } from 'vitest'
import { AccountRepository } from '../../src-main/core/accounts/account-repository'
import { bundledMigrations } from '../../src-main/core/db/migrations'
import { migrate } from '../../src-main/core/db/migrator'
import { workspaceBefore } from './fixtures/workspace-before'

const MIGRATION = bundledMigrations.find((m) => m.name === '0061_account_ids_removed_before.sql')

const mailbox = (email: string) => ({
  email,
  displayName: '',
  kind: 'mailbox' as const,
  user: email,
  imap: { host: 'imap.test', port: 993, security: 'tls' as const },
  smtp: { host: 'smtp.test', port: 465, security: 'tls' as const },
  secretRef: `account:${email}`,
  importLimit: 'all' as const
})

describe('migration 0061: a mailbox removed before ids were kept', () => {
  it('is still known by a saved view, so the next mailbox added gets a new id', () => {
    expect(MIGRATION, 'the migration exists').toBeDefined()
    const db = workspaceBefore(MIGRATION!.version)
    // Removed as Rapport did before 792d409: the row deleted, nothing kept.
    const accounts = new AccountRepository(db)
    db.exec(`INSERT INTO accounts (id, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, secret_ref, created_at)
      VALUES (2, 'work@x.test', 'work', 'h', 1, 'tls', 'h', 1, 'tls', 'y', 0), (3, 'old@x.test', 'old', 'h', 1, 'tls', 'h', 1, 'tls', 'z', 0)`)
    db.exec(
      `INSERT INTO members (id, name, email, role, created_at, hlc) VALUES ('m1', 'Me', 'me@x.test', 'owner', 0, '0')`
    )
    db.exec(`INSERT INTO custom_inboxes (id, name, creator_id, shared, filter_json, refreshed_at, created_at, hlc)
      VALUES ('v1', 'Work', 'm1', 1, '{"accountIds":[2]}', 0, 0, '0'),
             ('v2', 'Old', 'm1', 1, '{"status":"open","accountIds":[3]}', 0, 0, '0'),
             ('v3', 'Damaged', 'm1', 0, 'not json', 0, 0, '0')`)
    db.exec('DELETE FROM accounts WHERE id IN (2, 3)')
    migrate(db, bundledMigrations)
    expect(accounts.insert(mailbox('new@x.test')).id).toBe(4)
  })

  it('leaves a workspace that removed nothing its next id', () => {
    const db = workspaceBefore(MIGRATION?.version ?? Infinity)
    migrate(db, bundledMigrations)
    expect(db.prepare('SELECT count(*) AS n FROM settings WHERE key LIKE ?').get('accounts.%')).toEqual({
      n: 0
    })
    expect(new AccountRepository(db).insert(mailbox('new@x.test')).id).toBe(2)
  })
})
