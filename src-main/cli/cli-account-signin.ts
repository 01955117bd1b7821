// `rapport account signin --account ID`: signs a Google or Microsoft mailbox in again from the
// command line, one paused in "sign in again" (its access revoked) or disconnected as a read-only
// archive, through the same PKCE loopback flow as `account add --oauth`; then syncs it once.
import type { Account, OAuthProvider } from '../../src-preload/contract'
import type { Core } from '../core/core'
import { printJson, unwrap, UsageError } from './cli-output'
import { syncPass } from './cli-sync-pass'

/** The mailbox to sign in again and its provider; else a usage error saying what to do instead. */
async function oauthMailbox(
  core: Core,
  accountId: number | undefined
): Promise<{ account: Account; provider: OAuthProvider }> {
  if (accountId === undefined) throw new UsageError('account signin needs --account ID.')
  const accounts = unwrap(await core.dispatch('accounts.list', {})) as Account[]
  const account = accounts.find((a) => a.id === accountId)
  if (!account) throw new UsageError(`There is no account ${accountId} (see "rapport account list").`)
  if (account.kind !== 'mailbox')
    throw new UsageError(`Account ${accountId} is sample data: it has no sign-in.`)
  if (account.auth !== 'oauth2' || !account.oauthProvider)
    throw new UsageError(
      `${account.email} signs in with a password, not in the browser: sign in again with ` +
        `rapport account servers --account ${accountId} --password-env VAR (the password read from VAR).`
    )
  return { account, provider: account.oauthProvider }
}

/**
 * Prints the provider's sign-in address (the core does, on stderr), waits for the browser to come
 * back to the loopback listener, and stores the new tokens: a paused mailbox is active again, an
 * archived one reconnected with its mail. The app's real time then starts a pass; this process
 * runs none, so it syncs the mailbox once here. With --json, one document says both: the account
 * signed in, and the pass's results or (`syncError`) why it failed; a failed pass exits 1, as in
 * `rapport sync`.
 */
export async function signInAgainCommand(
  core: Core,
  accountId: number | undefined,
  json: boolean
): Promise<void> {
  const { account, provider } = await oauthMailbox(core, accountId)
  const started = unwrap(
    await core.dispatch('accounts.oauthStart', { email: account.email, provider, accountId: account.id })
  ) as { flowId: string }
  process.stderr.write('Waiting for the sign-in to finish in the browser…\n')
  const signedIn = unwrap(await core.dispatch('accounts.oauthFinish', { flowId: started.flowId })) as Account
  if (!json) process.stdout.write(`${signedIn.email} is signed in again\n`)
  // Without a keychain the tokens last only this run: this pass may be the only one they serve.
  if (core.secrets.warning) process.stderr.write(`Note: ${core.secrets.warning}\n`)
  if (!json) {
    await syncPass(core, signedIn.id, undefined)
    return
  }
  let printed = false
  try {
    await syncPass(core, signedIn.id, undefined, (sync) => {
      printed = true
      return { account: signedIn, sync, syncError: null }
    })
  } catch (error) {
    // Signed in all the same: a script reading stdout must not take the failed pass for a failed
    // sign-in (the tokens are kept; the next pass syncs).
    const e = error as Error & { code?: string }
    if (!printed)
      printJson({
        account: signedIn,
        sync: null,
        syncError: { code: e.code ?? 'INTERNAL', message: e.message }
      })
    throw error
  }
}
