// Logins to each account's IMAP server: opening a session (renewing an OAuth2 token the server
// refused before its time), holding logins while the servers change, and which server a session
// was opened at, so one of an old server is never lent.
import type { ImapFlow } from 'imapflow'
import type { AccountRecord } from '../accounts/account-repository'
import type { AccountService } from '../accounts/account-service'
import { CoreError } from '../errors'
import { type CommandErrors, openImapSession } from '../mail-server/imap-session'
import { toServerError } from '../mail-server/server-errors'

const serverOf = (account: AccountRecord) => JSON.stringify([account.user, account.imap])

export class AccountLogins {
  /** Where each session was logged in (serverOf). */
  private readonly openedFor = new WeakMap<ImapFlow, string>()
  /** Aborted to end the logins under way to an account's servers (hold). */
  private readonly logins = new Map<number, AbortController>()

  constructor(
    private readonly deps: {
      accountService: AccountService
      /** Overrides STALL_TIMEOUT_MS for every session; tests shorten it. */
      stallTimeoutMs?: number
    }
  ) {}

  /** Logs in; `signal` (the real-time loop's) also gives up the login when the loop stops. */
  async open(account: AccountRecord, errors: CommandErrors, signal?: AbortSignal): Promise<ImapFlow> {
    const held = this.signal(account.id)
    const login = async (renew: boolean) =>
      openImapSession(account.imap, await this.deps.accountService.credentials(account, { renew }), {
        commandErrors: errors,
        stallTimeoutMs: this.deps.stallTimeoutMs,
        signals: signal ? [held, signal] : [held]
      })
    let client: ImapFlow
    try {
      client = await login(false)
    } catch (error) {
      // A provider may stop taking an access token before its time (Microsoft revokes them on a
      // policy change; this computer's clock may be behind): one renewal and one more login
      // before "sign in again", as Thunderbird does. A renewal the provider refuses says why.
      const refused = toServerError(error, 'imap', account.imap.host).code === 'AUTH_FAILED'
      if (account.auth !== 'oauth2' || !refused) throw error
      client = await login(true)
    }
    this.openedFor.set(client, serverOf(account))
    return client
  }

  /** Whether the session was logged in where the account is now (not at servers since changed). */
  atCurrentServer(client: ImapFlow, account: AccountRecord): boolean {
    return this.openedFor.get(client) === serverOf(account)
  }

  /**
   * Ends the logins under way to the account's servers, and refuses new ones, until the returned
   * release is called. Its servers are about to change: a save waits in the lane behind the pass
   * or push there, which may be trying an old server that does not answer (the usual reason to
   * change it) for up to two connect timeouts, and the work queued behind that one would try it
   * again.
   */
  hold(accountId: number, why = 'while they were changed'): () => void {
    // Offline for a moment, as everything that logs in treats it: pushes and sends wait, and retry.
    const changing = new CoreError(
      'HOST_UNREACHABLE',
      `Rapport stopped connecting to this mailbox's servers ${why}.`
    )
    this.logins.get(accountId)?.abort(changing)
    const hold = new AbortController()
    hold.abort(changing)
    this.logins.set(accountId, hold)
    return () => {
      if (this.logins.get(accountId) === hold) this.logins.delete(accountId)
    }
  }

  /** Aborted when hold() ends the logins under way; other logins (SMTP) listen to it too. */
  signal(accountId: number): AbortSignal {
    let logins = this.logins.get(accountId)
    if (!logins) this.logins.set(accountId, (logins = new AbortController()))
    return logins.signal
  }

  /** Rapport is closing: every login under way ends. */
  close(): void {
    for (const login of this.logins.values()) login.abort(new CoreError('INTERNAL', 'Rapport is closing.'))
  }
}
