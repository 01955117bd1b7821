// Where a mailbox connects and who it signs in as, with a form to change them (the provider moved
// the mailbox, or a typo at setup). Saving checks the settings against the servers first.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Account, ServerSettings } from '../../../../src-preload/contract'
import { TextField } from '../../components/Field'
import { Spinner } from '../../components/Spinner'
import { BothServerFields } from '../onboarding/ServerFields'
import { inputIdOf } from '../onboarding/use-field-errors'
import type { OnServerCheck } from './server-check'
import { usesPassword } from './server-settings-form'
import { SERVER_SETTINGS_ID, useServerSettingsForm } from './use-server-settings-form'

export function ServerSettingsSection({ account, onCheck }: { account: Account; onCheck?: OnServerCheck }) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState(false)
  const describe = (server: ServerSettings) =>
    `${server.host}:${server.port} · ${t(`onboarding.security.${server.security}`)}`

  return (
    <fieldset className="account-settings__section server-settings-section" data-testid="server-settings">
      <legend>{t('accountSettings.servers.legend')}</legend>
      {editing ? (
        <ServerSettingsForm
          account={account}
          onCancel={() => setEditing(false)}
          onCheck={onCheck}
          onSaved={() => {
            setEditing(false)
            setSaved(true)
          }}
        />
      ) : (
        <>
          <dl className="account-settings__servers" data-testid="server-settings-summary">
            <dt>{t('onboarding.imap.legend')}</dt>
            <dd>{describe(account.imap)}</dd>
            <dt>{t('onboarding.smtp.legend')}</dt>
            <dd>{describe(account.smtp)}</dd>
            <dt>{t('onboarding.fields.user')}</dt>
            <dd>{account.user}</dd>
          </dl>
          {saved ? (
            <p className="account-settings__hint" role="status" data-testid="server-settings-saved">
              {t('accountSettings.servers.saved')}
            </p>
          ) : null}
          {/* An archive that signs in through its provider reconnects by signing in (above). */}
          {account.state === 'archived' && !usesPassword(account) ? null : (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setSaved(false)
                setEditing(true)
              }}
              data-testid="server-settings-edit"
            >
              {t('accountSettings.servers.edit')}
            </button>
          )}
        </>
      )}
    </fieldset>
  )
}

function ServerSettingsForm(props: {
  account: Account
  onCancel: () => void
  onSaved: () => void
  onCheck?: OnServerCheck
}) {
  const { account, onCancel, onSaved, onCheck } = props
  const { t } = useTranslation()
  const form = useServerSettingsForm(account, onSaved, onCheck)
  const { values, pending, errorOf } = form

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void form.submit()
  }
  const text = (field: 'user' | 'password', type: string, autoComplete: string, hint?: string) => (
    <TextField
      id={inputIdOf(field, SERVER_SETTINGS_ID)}
      label={t(`onboarding.fields.${field}`)}
      error={errorOf(field)}
      hint={hint}
      type={type}
      autoComplete={autoComplete}
      value={values[field]}
      onChange={(text) => form.setText(field, text)}
    />
  )

  return (
    <form className="server-settings" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <p className="account-settings__hint">{t('accountSettings.servers.hint')}</p>
      {form.formError ? (
        <p className="account-settings__error" role="alert">
          {form.formError}
        </p>
      ) : null}
      <fieldset className="server-settings__identity" disabled={pending}>
        {text('user', 'text', 'username')}
        {usesPassword(account)
          ? text(
              'password',
              'password',
              'current-password',
              // Archived: the password was deleted, and the field says it is needed. Paused for
              // sign-in: the saved one was refused, so "keep the saved password" would mislead.
              account.state === 'archived'
                ? undefined
                : account.state === 'needs-signin'
                  ? t('accountSettings.servers.passwordRefusedHint')
                  : t('accountSettings.servers.passwordHint')
            )
          : null}
      </fieldset>
      <BothServerFields
        values={values}
        disabled={pending}
        errorOf={errorOf}
        idPrefix={SERVER_SETTINGS_ID}
        onServer={form.setServer}
        onSecurity={form.setSecurity}
      />
      <div className="account-settings__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pending}
          data-testid="server-settings-save"
        >
          {pending ? (
            <>
              <Spinner /> {t('onboarding.checking')}
            </>
          ) : (
            t('accountSettings.servers.save')
          )}
        </button>
        <button type="button" className="button" disabled={pending} onClick={onCancel}>
          {t('accountSettings.servers.cancel')}
        </button>
      </div>
    </form>
  )
}
