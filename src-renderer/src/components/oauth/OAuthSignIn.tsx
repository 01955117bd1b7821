import { useTranslation } from 'react-i18next'
import type { OAuthProvider } from '../../../../src-preload/contract'
import { Spinner } from '../Spinner'
import { useErrorMessage } from '../../i18n/error-message'
import type { OAuthSignInState } from './use-oauth-sign-in'
import './oauth-sign-in.css'

type Props = {
  provider: OAuthProvider
  state: OAuthSignInState
  disabled: boolean
  onStart: () => void
  onCancel: () => void
  /** A line under the button, e.g. the app-password alternative on the add-account form. */
  hint?: string
  /** The button's text key, with {{provider}}; by default "Sign in with …". */
  labelKey?: string
  /** The small button style, for narrow places such as the sidebar. */
  compact?: boolean
}

/** "Sign in with Google / Microsoft": the provider's own page instead of a password. */
export function OAuthSignIn({
  provider,
  state,
  disabled,
  onStart,
  onCancel,
  hint,
  labelKey = 'oauth.start',
  compact = false
}: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const name = t(`oauth.providers.${provider}`)
  if (state.phase === 'waiting') {
    return (
      <div className="oauth-sign-in" role="status" data-testid="oauth-waiting">
        <p>
          <Spinner /> {t('oauth.waiting', { provider: name })}
        </p>
        <p>
          <a href={state.url} target="_blank" rel="noreferrer" data-testid="oauth-link">
            {t('oauth.openAgain')}
          </a>
        </p>
        <button type="button" className={compact ? 'button button--small' : 'button'} onClick={onCancel}>
          {t('oauth.cancel')}
        </button>
      </div>
    )
  }
  return (
    <div className="oauth-sign-in">
      {state.phase === 'failed' ? (
        <p className="account-form__error" role="alert">
          {/* A missing client id says how to configure one: that text is the help. */}
          {state.error.code === 'INVALID_INPUT' ? state.error.message : describeError(state.error)}
        </p>
      ) : null}
      <button
        type="button"
        className={compact ? 'button button--primary button--small' : 'button button--primary'}
        disabled={disabled}
        onClick={onStart}
        data-testid="oauth-start"
      >
        {t(labelKey, { provider: name })}
      </button>
      {hint ? <p className="oauth-sign-in__hint">{hint}</p> : null}
    </div>
  )
}
