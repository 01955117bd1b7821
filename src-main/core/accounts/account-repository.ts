import { domainToASCII, domainToUnicode } from 'node:url'
import type { Database } from 'better-sqlite3'
import type { Account, ImportLimit, ServerSettings } from '../../../src-preload/contract'
import { prepared } from '../db/statement-cache'
import { CoreError } from '../errors'
import { forgetMailboxInboxDots } from '../crm/mailbox-inboxes'
import { forgetServerNumbering } from '../sync/server-numbering'

export type AccountRecord = Account & { secretRef: string; threadingEnabled: boolean }

/**
 * An account id is never given twice (as task ids, migration 0023): a saved view of one mailbox
 * (a custom inbox's accountIds, shared with the team) would otherwise list the next mailbox
 * added, which SQLite gives the removed newest one's id. The highest id removed is kept in
 * settings, as the table cannot take AUTOINCREMENT without being rebuilt under its many keys.
 */
const HIGHEST_REMOVED_ID = 'accounts.highest_removed_id'
const NEXT_ACCOUNT_ID = `(SELECT max(coalesce((SELECT max(id) FROM accounts), 0),
  coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${HIGHEST_REMOVED_ID}'), 0)) + 1)`

export type AccountState = NonNullable<Account['state']>
export type AuthKind = NonNullable<Account['auth']>
export type OAuthProviderId = NonNullable<Account['oauthProvider']>

type AccountRow = {
  id: number
  email: string
  display_name: string
  kind: 'mailbox' | 'sample'
  username: string
  imap_host: string
  imap_port: number
  imap_security: ServerSettings['security']
  smtp_host: string
  smtp_port: number
  smtp_security: ServerSettings['security']
  auth_method: AuthKind
  oauth_provider: OAuthProviderId | null
  secret_ref: string
  import_limit: number | null
  threading_enabled: number
  is_shared: number
  poll_interval_seconds: number | null
  state: AccountState
  state_reason: string | null
  created_at: number
  signature: string
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    kind: row.kind,
    user: row.username,
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security },
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security },
    auth: row.auth_method,
    oauthProvider: row.oauth_provider,
    importLimit: row.import_limit ?? 'all',
    createdAt: new Date(row.created_at).toISOString(),
    state: row.state,
    stateReason: row.state_reason,
    shared: row.is_shared === 1,
    pollIntervalSeconds: row.poll_interval_seconds,
    signature: row.signature,
    secretRef: row.secret_ref,
    threadingEnabled: row.threading_enabled === 1
  }
}

/** The public view of an account: everything but where its secret is kept. */
export function toAccount(record: AccountRecord): Account {
  const { secretRef: _secretRef, threadingEnabled: _threading, ...account } = record
  return account
}

export type NewAccount = {
  email: string
  displayName: string
  kind: 'mailbox' | 'sample'
  user: string
  imap: ServerSettings
  smtp: ServerSettings
  secretRef: string
  importLimit: ImportLimit
  auth?: AuthKind
  oauthProvider?: OAuthProviderId | null
}

export class AccountRepository {
  constructor(private readonly db: Database) {}

  list(): AccountRecord[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow[]).map(toRecord)
  }

  find(id: number): AccountRecord | null {
    // Also asked before every import slice (is the mailbox still wanted?): compiled once.
    const row = prepared(this.db, 'SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined
    return row ? toRecord(row) : null
  }

  get(id: number): AccountRecord {
    const account = this.find(id)
    if (!account) throw new CoreError('NOT_FOUND', `There is no account with id ${id}.`)
    return account
  }

  findByEmail(email: string): AccountRecord | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(email) as AccountRow | undefined
    return row ? toRecord(row) : null
  }

  insert(account: NewAccount): AccountRecord {
    const result = this.db
      .prepare(
        `INSERT INTO accounts (id, email, display_name, kind, username, imap_host, imap_port, imap_security,
          smtp_host, smtp_port, smtp_security, secret_ref, import_limit, created_at, auth_method, oauth_provider)
         VALUES (${NEXT_ACCOUNT_ID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        account.email,
        account.displayName,
        account.kind,
        account.user,
        account.imap.host,
        account.imap.port,
        account.imap.security,
        account.smtp.host,
        account.smtp.port,
        account.smtp.security,
        account.secretRef,
        account.importLimit === 'all' ? null : account.importLimit,
        Date.now(),
        account.auth ?? 'password',
        account.oauthProvider ?? null
      )
    return this.get(Number(result.lastInsertRowid))
  }

  /** Pauses an account ("needs-signin" with the server's reason) or makes it active again. */
  setState(id: number, state: AccountState, reason: string | null): void {
    this.db.prepare('UPDATE accounts SET state = ?, state_reason = ? WHERE id = ?').run(state, reason, id)
  }

  /** Personal or shared mailbox, its poll interval (null: the default) and its import depth. */
  updateSettings(
    id: number,
    settings: { shared?: boolean; pollIntervalSeconds?: number | null; importLimit?: ImportLimit }
  ): void {
    if (settings.shared !== undefined)
      this.db.prepare('UPDATE accounts SET is_shared = ? WHERE id = ?').run(settings.shared ? 1 : 0, id)
    if (settings.pollIntervalSeconds !== undefined)
      this.db
        .prepare('UPDATE accounts SET poll_interval_seconds = ? WHERE id = ?')
        .run(settings.pollIntervalSeconds, id)
    if (settings.importLimit !== undefined)
      this.db
        .prepare('UPDATE accounts SET import_limit = ? WHERE id = ?')
        .run(settings.importLimit === 'all' ? null : settings.importLimit, id)
  }

  /** The mailbox's signature, as normalizeSignature gives it ('' for none). */
  setSignature(id: number, signature: string): void {
    const { changes } = this.db.prepare('UPDATE accounts SET signature = ? WHERE id = ?').run(signature, id)
    if (changes === 0) throw new CoreError('NOT_FOUND', `There is no account with id ${id}.`)
  }

  /**
   * New servers, user name and secret key, and the account active again (it signed in with
   * them). On what may be another server, its stored UIDs are forgotten (forgetServerNumbering).
   * One transaction.
   */
  updateServers(
    id: number,
    settings: { user: string; imap: ServerSettings; smtp: ServerSettings; secretRef: string },
    otherServer: boolean
  ): void {
    const { user, imap, smtp, secretRef } = settings
    this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE accounts SET username = ?, imap_host = ?, imap_port = ?, imap_security = ?,
             smtp_host = ?, smtp_port = ?, smtp_security = ?, secret_ref = ? WHERE id = ?`
        )
        .run(user, imap.host, imap.port, imap.security, smtp.host, smtp.port, smtp.security, secretRef, id)
      if (changes === 0) throw new CoreError('NOT_FOUND', `There is no account with id ${id}.`)
      this.setState(id, 'active', null)
      if (otherServer) forgetServerNumbering(this.db, id)
    })()
  }

  remove(id: number): boolean {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0
      if (removed)
        this.db
          .prepare(
            `INSERT INTO settings (key, value) VALUES ('${HIGHEST_REMOVED_ID}', ?)
             ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))`
          )
          .run(String(id))
      forgetMailboxInboxDots(this.db, id)
      return removed
    })()
  }

  /**
   * The user's own addresses across all accounts, lower-cased, each with its domain in Unicode and
   * in punycode: an account may be typed either way (one mailbox), and mailparser gives the
   * addresses of mail back with Unicode domains.
   */
  ownAddresses(): Set<string> {
    const rows = this.db.prepare('SELECT email FROM accounts').all() as Array<{ email: string }>
    return new Set(
      rows.flatMap((r) => {
        const email = r.email.toLowerCase()
        const at = email.lastIndexOf('@')
        if (at <= 0) return [email]
        const [local, domain] = [email.slice(0, at), email.slice(at + 1)]
        const forms = [domain, domainToUnicode(domain), domainToASCII(domain)].filter(Boolean)
        return [...new Set(forms)].map((d) => `${local}@${d}`)
      })
    )
  }
}
