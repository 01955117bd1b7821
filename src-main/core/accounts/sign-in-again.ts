import type { AccountRecord } from './account-repository'

/**
 * Why an account paused for sign-in waits, as the API and CLI say it (their messages are English):
 * the stored reason is only the server's own words ("Authentication failed.", "invalid_grant: …"),
 * which the UI shows beside its own sentence in the user's language.
 */
export function signInAgainText(account: Pick<AccountRecord, 'email' | 'stateReason'>): string {
  // No server words: a pause of Rapport's own (a stored sign-in expired or unreadable).
  if (!account.stateReason) return `Sign in to ${account.email} again to go on syncing it.`
  return `The server no longer accepts the sign-in for ${account.email} (${account.stateReason}). Sign in again.`
}
