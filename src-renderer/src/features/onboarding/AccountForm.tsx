import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TextField } from '../../components/Field'
import { Spinner } from '../../components/Spinner'
import { OAuthSignIn } from '../../components/oauth/OAuthSignIn'
import { useOAuthSignIn } from '../../components/oauth/use-oauth-sign-in'
import { DetectionHint } from './DetectionHint'
import { ImportLimitField } from './ImportLimitField'
import { OAuthClientHint } from './OAuthClientHint'
import { serversForOAuth } from './account-form-state'
import { BothServerFields } from './ServerFields'
import { inputIdOf, useAccountForm } from './use-account-form'

/** The add-account form: identity, password, both servers and how much mail to import. */
export function AccountForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation()
  const form = useAccountForm(onAdded)
  const oauth = useOAuthSignIn(onAdded)
  const { values, pending, errorOf } = form
  const oauthProvider = form.detection.detected?.oauthProvider ?? null

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit()
  }

  const text = (field: 'email' | 'displayName' | 'user' | 'password', type: string, autoComplete: string) => (
    <TextField
      id={inputIdOf(field)}
      label={t(`onboarding.fields.${field}`)}
      error={errorOf(field)}
      type={type}
      autoComplete={autoComplete}
      value={values[field]}
      onChange={(text) => (field === 'email' ? form.setEmail(text) : form.setField(field, text))}
    />
  )

  return (
    <form
      className="account-form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={pending}
      data-testid="account-form"
    >
      <h2>{t('onboarding.formTitle')}</h2>
      {form.formError ? (
        <p className="account-form__error" role="alert">
          {form.formError}
        </p>
      ) : null}
      <fieldset className="account-form__identity" disabled={pending}>
        {text('email', 'email', 'email')}
        {text('displayName', 'text', 'name')}
        {text('user', 'text', 'username')}
        {text('password', 'password', 'current-password')}
      </fieldset>
      <DetectionHint detected={form.detection.detected} detecting={form.detection.detecting} />
      {oauthProvider ? (
        <OAuthSignIn
          provider={oauthProvider}
          state={oauth.state}
          disabled={pending}
          onStart={() => void oauth.start(values.email.trim(), oauthProvider, serversForOAuth(values))}
          onCancel={oauth.cancel}
          hint={t('onboarding.oauthOr')}
        />
      ) : null}
      {oauthProvider ? <OAuthClientHint provider={oauthProvider} /> : null}
      <BothServerFields
        values={values}
        disabled={pending}
        errorOf={errorOf}
        onServer={form.setServer}
        onSecurity={form.setSecurity}
      />
      <ImportLimitField
        all={values.importAll}
        count={values.importCount}
        disabled={pending}
        error={errorOf('importLimit')}
        onChange={form.setImport}
      />
      <div className="account-form__actions">
        <button type="submit" className="button button--primary" disabled={pending} data-testid="add-account">
          {pending ? (
            <>
              <Spinner /> {t('onboarding.checking')}
            </>
          ) : (
            t('onboarding.submit')
          )}
        </button>
        {form.canSkipVerify && !pending ? (
          <button type="button" className="button" onClick={() => void form.submit(true)}>
            {t('onboarding.addOffline')}
          </button>
        ) : null}
      </div>
    </form>
  )
}
