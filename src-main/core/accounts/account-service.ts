import { mailboxKey, parseMailDomain } from '../providers/mail-domain'
import { randomUUID } from 'node:crypto'
import type { Account, CommandInput, ServerSettings } from '../../../src-preload/contract'
import { CoreError } from '../errors'
import { closeImapSession, openImapSession, type Credentials } from '../mail-server/imap-session'
import { isHostNameOrIp, isLoopbackHost, toAsciiHost } from '../mail-server/host-names'
import { toSmtpCheckError } from '../mail-server/server-errors'
import { plainTextToTlsPort } from '../mail-server/tls-probe'
import { createSmtpTransport } from '../mail-server/smtp-transport'
import type { OAuthTokens } from '../oauth/oauth-tokens'
import type { SecretStore } from '../secrets/secret-store'
import { AccountRepository, toAccount, type AccountRecord, type OAuthProviderId } from './account-repository'

/**
 * The user name, when it is the address as typed, with the address's domain as it is saved:
 * ana@qq。com (an IME's full stop) or ana@gmail.com. (a root dot) signs in as ana@qq.com, as the
 * CLI's default and a form sent before detection answered would otherwise have it.
 */
function withPlainUser<T extends { email: string; user: string }>(input: T): T {
  const typed = input.email.trim()
  return input.user.trim() === typed ? { ...input, user: parseMailDomain(typed).email } : input
}

/** Sessions that check settings the user entered (see SessionOptions.checkingSettings). */
const CHECKING = { checkingSettings: true }

export const DEFAULT_IMPORT_LIMIT = 500

export class AccountService {
  constructor(
    private readonly repository: AccountRepository,
    private readonly secrets: SecretStore,
    /** Tokens of OAuth2 accounts; absent, such accounts cannot sign in (a clear error says so). */
    readonly oauth: OAuthTokens | null,
    private readonly log: (message: string) => void
  ) {}

  list(): Account[] {
    return this.repository.list().map(toAccount)
  }

  /** Checks the settings against the live servers, keeps the password in the secret store, saves. */
  add(typed: CommandInput<'accounts.add'>): Promise<Account> {
    const input = withPlainUser(typed)
    return this.connect(
      input,
      { user: input.user, password: input.password },
      (secretRef) => this.secrets.set(secretRef, input.password),
      {}
    )
  }

  /**
   * Adds an account that signs in with OAuth2: the servers are checked with the access token,
   * then saveTokens keeps the tokens under the new secret key, then the row is written.
   */
  addOAuth(
    input: Omit<CommandInput<'accounts.add'>, 'password'> & { oauthProvider: OAuthProviderId },
    accessToken: string,
    saveTokens: (secretRef: string) => Promise<void>
  ): Promise<Account> {
    return this.connect(input, { user: input.user, accessToken }, saveTokens, {
      auth: 'oauth2',
      oauthProvider: input.oauthProvider
    })
  }

  /**
   * The one way an account is added: refuse a duplicate, check the servers with these
   * credentials, keep the secret under a new key, then write the row (the secret is removed
   * again if the row cannot be written, so no orphan stays in the keychain).
   */
  private async connect(
    input: Omit<CommandInput<'accounts.add'>, 'password'>,
    credentials: Parameters<typeof verifyServers>[2],
    saveSecret: (secretRef: string) => Promise<void>,
    auth: { auth?: 'oauth2'; oauthProvider?: OAuthProviderId }
  ): Promise<Account> {
    const imap = normalizeServer(input.imap, 'imap')
    const smtp = normalizeServer(input.smtp, 'smtp')
    // The contract only checks the shape (an internationalized domain or an address literal
    // passes); this refuses a domain that cannot be looked up, with the field to fix.
    const { email } = parseMailDomain(input.email.trim().toLowerCase())
    this.assertNew(email)
    if (!input.skipVerify) await verifyServers(imap, smtp, credentials)
    const secretRef = `account:${randomUUID()}`
    await saveSecret(secretRef)
    try {
      const record = this.repository.insert({
        email,
        displayName: input.displayName?.trim() ?? '',
        kind: 'mailbox',
        user: input.user,
        imap,
        smtp,
        secretRef,
        importLimit: input.importLimit ?? DEFAULT_IMPORT_LIMIT,
        ...auth
      })
      return toAccount(record)
    } catch (error) {
      await this.secrets.delete(secretRef)
      // The same address added meanwhile (a second click while the servers were checked, the
      // CLI beside the app): the check above passed for both, the row's UNIQUE email refuses one.
      if (
        (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
        this.repository.findByEmail(email)
      )
        throw new CoreError('ALREADY_EXISTS', `${email} is already connected to Rapport.`, 'email')
      throw error
    }
  }

  /**
   * Refuses an address already in Rapport (typed with its domain either way), saying how to
   * reconnect one kept as an archive. Also asked before an OAuth2 sign-in sends the user to the
   * provider's page, which would otherwise be for nothing.
   */
  assertNew(address: string): void {
    const email = address.trim().toLowerCase()
    const key = mailboxKey(email)
    const existing =
      this.repository.findByEmail(email) ?? this.repository.list().find((a) => mailboxKey(a.email) === key)
    if (existing?.state === 'archived') {
      // Disconnected, not connected: its mail is here, and signing in to it reconnects it (with
      // its provider for an OAuth2 mailbox: `account servers` needs a password it has none of).
      const how =
        existing.auth === 'oauth2'
          ? `with ${existing.oauthProvider === 'microsoft' ? 'Microsoft' : 'Google'} (its settings, or rapport account signin --account ${existing.id})`
          : `(its settings, or rapport account servers --account ${existing.id})`
      throw new CoreError(
        'ALREADY_EXISTS',
        `${existing.email} is in Rapport as a disconnected mailbox, kept as a read-only archive. Sign in to it again ${how} to reconnect it with its mail.`,
        'email'
      )
    }
    if (existing) {
      throw new CoreError('ALREADY_EXISTS', `${email} is already connected to Rapport.`, 'email')
    }
  }

  /**
   * Refuses a sign-in again through `provider` for an account that does not sign in through it:
   * checked before the user is sent to the provider's page, and again when its tokens come.
   */
  assertSignsInWith(accountId: number, provider: OAuthProviderId): AccountRecord {
    const account = this.repository.get(accountId)
    if (account.auth !== 'oauth2') {
      throw new CoreError(
        'INVALID_INPUT',
        `${account.email} signs in with a password: enter it to sign in again.`,
        'email'
      )
    }
    if (account.oauthProvider !== provider) {
      // Its tokens would go to the other provider's servers, and be renewed at the wrong provider.
      throw new CoreError(
        'INVALID_INPUT',
        `${account.email} signs in through ${account.oauthProvider === 'google' ? 'Google' : 'Microsoft'}: sign in again there.`,
        'email'
      )
    }
    return account
  }

  /** Signs an OAuth2 account in again with fresh tokens; a paused account syncs again. */
  async reauthorize(
    accountId: number,
    provider: OAuthProviderId,
    accessToken: string,
    saveTokens: (secretRef: string) => Promise<void>
  ): Promise<Account> {
    const account = this.assertSignsInWith(accountId, provider)
    const session = await openImapSession(account.imap, { user: account.user, accessToken }, CHECKING)
    await closeImapSession(session)
    this.assertUnchanged(account)
    await saveTokens(account.secretRef)
    await this.keptAsWritten(account)
    this.repository.setState(accountId, 'active', null)
    return toAccount(this.repository.get(accountId))
  }

  /** Signs in again after a password change or a restart without a keychain. */
  async setPassword(accountId: number, password: string): Promise<Account> {
    const account = this.repository.get(accountId)
    if (account.kind !== 'mailbox') throw new CoreError('INVALID_INPUT', 'Sample data has no password.')
    if (account.auth === 'oauth2') {
      throw new CoreError(
        'INVALID_INPUT',
        `${account.email} signs in through its provider: sign in again in the browser.`,
        'password'
      )
    }
    const session = await openImapSession(account.imap, { user: account.user, password }, CHECKING)
    await closeImapSession(session)
    this.assertUnchanged(account)
    await this.secrets.set(account.secretRef, password)
    await this.keptAsWritten(account)
    // Signed in again: a paused account syncs again.
    this.repository.setState(accountId, 'active', null)
    return toAccount(this.repository.get(accountId))
  }

  /**
   * Checks new servers or a new user name like a new account's, and returns the save for the
   * caller to run once no sync work uses the old ones: a mistake saves nothing. Saved, a paused
   * (or archived) account is active again.
   */
  async checkServers(input: CommandInput<'accounts.updateServers'>): Promise<() => Promise<Account>> {
    const account = this.repository.get(input.accountId)
    if (account.kind !== 'mailbox') throw new CoreError('INVALID_INPUT', 'Sample data has no servers.')
    const imap = normalizeServer(input.imap, 'imap')
    const smtp = normalizeServer(input.smtp, 'smtp')
    const user = input.user.trim()
    const movedHost = (['imap', 'smtp'] as const).find(
      (role) => ({ imap, smtp })[role].host !== account[role].host
    )
    if (movedHost) assertMayMoveHost(account, movedHost, input.password)
    await verifyServers(imap, smtp, await this.credentialsToCheck(account, user, input.password))
    const otherServer =
      user !== account.user || imap.host !== account.imap.host || imap.port !== account.imap.port
    return async () => {
      // The save may have waited behind a long pass: an account signed in again, disconnected
      // or changed meanwhile is not overwritten with what was checked against its old state.
      this.assertUnchanged(account)
      // A new password goes under a new key, switched to in the row's transaction: a crash
      // leaves either the old row with the old password or the new row with the new one.
      const secretRef = input.password === undefined ? account.secretRef : `account:${randomUUID()}`
      if (input.password !== undefined) await this.secrets.set(secretRef, input.password)
      try {
        // Again after the keychain's await, with none before the write: a disconnect that landed
        // meanwhile (it does not wait in the lane) must not be undone by making the account active.
        this.assertUnchanged(account)
        this.repository.updateServers(account.id, { user, imap, smtp, secretRef }, otherServer)
      } catch (error) {
        if (secretRef !== account.secretRef) await this.secrets.delete(secretRef)
        throw error
      }
      if (secretRef !== account.secretRef) {
        // Saved: a keychain that fails now costs a stale entry, not the change (nothing reads it).
        await this.secrets.delete(account.secretRef).catch((error: unknown) => {
          this.log(
            `accounts: the old password of account ${account.id} stays in the keychain: ${String(error)}`
          )
        })
      }
      return toAccount(this.repository.get(account.id))
    }
  }

  /**
   * After a sign-in wrote the account's secret: a disconnect that landed meanwhile deleted it
   * (perhaps just before the write), and a server change may have moved the account to a new key
   * and deleted this one. Written again, it would be kept for an archive, or under a key nothing
   * reads: it is deleted, and the sign-in fails.
   */
  private async keptAsWritten(account: AccountRecord): Promise<void> {
    const current = this.repository.find(account.id)
    if (current && settingsOf(current) === settingsOf(account)) return
    const disconnected = !current || (current.state === 'archived' && account.state !== 'archived')
    if (disconnected || current.secretRef !== account.secretRef) await this.secrets.delete(account.secretRef)
    if (disconnected) assertNotArchived(current ?? { state: 'archived', email: account.email })
    this.assertUnchanged(account)
  }

  /**
   * Work that awaited something (a login, the keychain) after reading the account goes on only
   * if nothing changed it meanwhile: reconnected, disconnected, or given other servers or another
   * password key. A pause (or its end) is no change: a save or sign-in ends it anyway.
   */
  private assertUnchanged(account: AccountRecord): void {
    if (settingsOf(this.repository.get(account.id)) !== settingsOf(account))
      throw new CoreError(
        'INVALID_INPUT',
        `${account.email} changed while this was being checked (signed in again, disconnected or edited elsewhere). Check it and try again.`
      )
  }

  /** The password typed, or the one kept; an archive kept none, so it needs one typed. */
  private async credentialsToCheck(
    account: AccountRecord,
    user: string,
    password: string | undefined
  ): Promise<Credentials> {
    if (account.auth === 'oauth2') {
      if (password !== undefined)
        throw new CoreError(
          'INVALID_INPUT',
          `${account.email} signs in through its provider, not with a password.`,
          'password'
        )
      return { ...(await this.credentials(account)), user }
    }
    if (password !== undefined) return { user, password }
    if (account.state === 'archived')
      throw new CoreError(
        'SECRET_MISSING',
        `Enter the password for ${account.email}: a disconnected mailbox keeps none.`,
        'password'
      )
    return { ...(await this.credentials(account)), user }
  }

  async remove(accountId: number): Promise<boolean> {
    const account = this.repository.find(accountId)
    if (!account) return false
    await this.oauth?.settle(account.secretRef)
    await this.secrets.delete(account.secretRef)
    return this.repository.remove(accountId)
  }

  /**
   * The password for an account, or a clear error saying how to provide it. `renew` (OAuth2): a
   * fresh access token, the stored one having been refused before its time.
   */
  async credentials(account: AccountRecord, { renew = false } = {}): Promise<Credentials> {
    assertNotArchived(account)
    if (account.auth === 'oauth2') {
      if (!this.oauth)
        throw new CoreError('AUTH_FAILED', 'OAuth2 sign-in is not available in this host.', 'password')
      return { user: account.user, accessToken: await this.oauth.accessToken(account, { renew }) }
    }
    const password = await this.secrets.get(account.secretRef)
    if (password === null) {
      throw new CoreError(
        'SECRET_MISSING',
        `The password for ${account.email} is not available: this machine has no system keychain, so it was kept in memory only. ` +
          'Sign in again (from the CLI: pass --password-env VAR).',
        'password'
      )
    }
    return { user: account.user, password }
  }
}

function normalizeServer(settings: ServerSettings, role: 'imap' | 'smtp'): ServerSettings {
  const host = toAsciiHost(settings.host)
  // "mail.example.com:993" or "imaps://mail.example.com" would be saved as the host name, even
  // unchecked (skipVerify), and every connection would then fail to find such a host.
  if (!isHostNameOrIp(host)) {
    throw new CoreError(
      'INVALID_INPUT',
      `"${settings.host.trim()}" is not a host name: type only the server's name (e.g. mail.example.com), and the port in the port field.`,
      `${role}.host`
    )
  }
  if (settings.security === 'none' && !isLoopbackHost(host)) {
    throw new CoreError(
      'INSECURE_NOT_ALLOWED',
      `An unencrypted connection is only allowed to this computer (localhost). Choose TLS or STARTTLS for ${host}.`,
      `${role}.security`
    )
  }
  return { ...settings, host }
}

async function verifyServers(
  imap: ServerSettings,
  smtp: ServerSettings,
  credentials: Credentials
): Promise<void> {
  const session = await openImapSession(imap, credentials, CHECKING)
  await closeImapSession(session)
  const transport = createSmtpTransport(smtp, credentials)
  try {
    await transport.verify()
  } catch (error) {
    throw toSmtpCheckError(await plainTextToTlsPort(error, 'smtp', smtp), smtp.host)
  } finally {
    transport.close()
  }
}

/** What a sign-in or server change is checked against, to tell whether the account changed meanwhile. */
const settingsOf = (a: AccountRecord) =>
  JSON.stringify([a.state === 'archived', a.auth, a.user, a.imap, a.smtp, a.secretRef])

/**
 * A saved secret goes only to the host it was saved for: on a new host a password account needs
 * it typed again, and an OAuth2 account's token is its provider's, for its provider's servers.
 */
function assertMayMoveHost(
  account: AccountRecord,
  role: 'imap' | 'smtp',
  password: string | undefined
): void {
  if (account.auth === 'oauth2')
    throw new CoreError(
      'INVALID_INPUT',
      `${account.email} signs in through its provider, whose servers it uses. To use other servers, disconnect it and add it again.`,
      `${role}.host`
    )
  if (password === undefined)
    throw new CoreError(
      'INVALID_INPUT',
      `Type the password to sign in to the new ${role.toUpperCase()} server: the saved one only goes to the server it was saved for.`,
      'password'
    )
}

/** An archived (disconnected) mailbox is read-only: nothing may reach its server any more. */
export function assertNotArchived(account: Pick<AccountRecord, 'state' | 'email'>): void {
  if (account.state === 'archived')
    throw new CoreError(
      'ACCOUNT_ARCHIVED',
      `${account.email} was disconnected and kept as a read-only archive: its mail can be read, not changed, synced or sent from. Sign in to it again to reconnect it.`
    )
}
