// Shown under the sync status when an account's password was rejected or is not available
// (no keychain and a restart): the user types it again here, where the error is, and sync resumes.
// An OAuth2 account signs in again through its provider's page instead.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { callCommand } from '../../api/call-command'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { OAuthSignIn } from '../../components/oauth/OAuthSignIn'
import { useOAuthSignIn } from '../../components/oauth/use-oauth-sign-in'
import { useErrorMessage } from '../../i18n/error-message'

export function SignInAgain({ accountId }: { accountId: number }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const setPassword = useMutation('accounts.setPassword')
  const [password, setValue] = useState('')
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  const oauth = useOAuthSignIn(() => undefined)
  const account = accounts.data?.find((a) => a.id === accountId)
  // The server's own words for the pause, kept by the core: what changed is often only there.
  const reason = account?.stateReason ? (
    <p className="sync-status__meta" data-testid="sign-in-again-reason">
      {t('sync.signIn.reason', { reason: account.stateReason })}
    </p>
  ) : null

  if (account?.auth === 'oauth2' && account.oauthProvider) {
    const provider = account.oauthProvider
    return (
      <div className="sign-in-again" data-testid="sign-in-again">
        {reason}
        <OAuthSignIn
          provider={provider}
          state={oauth.state}
          disabled={false}
          labelKey="oauth.again"
          compact
          onStart={() => void oauth.start(account.email, provider, {}, accountId)}
          onCancel={oauth.cancel}
        />
      </div>
    )
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    // The form goes once the account is active again, and the focus with it: the keyboard
    // stays in the sync status, which says how the sync goes, rather than on the page.
    const status = event.currentTarget.closest<HTMLElement>('[data-testid="sync-status"]')
    const response = await setPassword.run({ accountId, password })
    if (response.ok) {
      status?.focus()
      setValue('')
      void callCommand('sync.run', { accountId })
    }
  }

  return (
    <form className="sign-in-again" onSubmit={(event) => void submit(event)} data-testid="sign-in-again">
      {reason}
      <label htmlFor={`sign-in-again-password-${accountId}`}>
        {t('sync.signIn.label', { email: account?.email ?? '' })}
      </label>
      <input
        id={`sign-in-again-password-${accountId}`}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={setPassword.error ? true : undefined}
        aria-describedby={setPassword.error ? `sign-in-again-error-${accountId}` : undefined}
      />
      {setPassword.error ? (
        <p className="sync-status__error" id={`sign-in-again-error-${accountId}`} role="alert">
          {describeError(setPassword.error)}
        </p>
      ) : null}
      <button type="submit" className="button button--small" disabled={!password || setPassword.pending}>
        {t('sync.signIn.submit')}
      </button>
    </form>
  )
}
