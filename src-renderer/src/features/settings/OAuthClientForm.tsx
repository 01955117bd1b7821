// One provider's OAuth client: its id, and a write-only secret (the core never sends it back; it
// only says whether one is saved). An id set by the environment is shown read-only, since the
// environment wins over anything saved here.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CommandInput, OAuthClientStatus } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { Field, fieldA11y } from '../../components/Field'
import { useErrorMessage } from '../../i18n/error-message'

const FIELDS = ['clientId', 'clientSecret']

type Props = {
  client: OAuthClientStatus
  /** No keychain on this computer: the secret is kept in memory until Rapport quits. */
  memoryOnly: boolean
}

export function OAuthClientForm({ client, memoryOnly }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const save = useMutation('oauth.setClient')
  const { provider } = client
  const name = t(`oauth.providers.${provider}`)
  const [clientId, setClientId] = useState(client.clientId ?? '')
  const [secret, setSecret] = useState('')
  const [done, setDone] = useState<'saved' | 'cleared' | null>(null)
  // A change saved elsewhere (another window, the CLI) shows here too.
  useEffect(() => setClientId(client.clientId ?? ''), [client.clientId])

  const idInput = `oauth-${provider}-client-id`
  const secretInput = `oauth-${provider}-client-secret`
  if (client.source === 'environment') {
    return (
      <fieldset className="oauth-client" data-testid={`oauth-client-${provider}`}>
        <legend>{name}</legend>
        <Field id={idInput} label={t('oauth.clients.clientId')}>
          <input id={idInput} type="text" value={client.clientId ?? ''} readOnly />
        </Field>
        <p className="settings-hint" data-testid="oauth-client-environment">
          {t('oauth.clients.fromEnvironment', { variable: `RAPPORT_${provider.toUpperCase()}_CLIENT_ID` })}
        </p>
      </fieldset>
    )
  }

  const run = async (input: CommandInput<'oauth.setClient'>) => {
    setDone(null)
    const response = await save.run(input)
    if (!response.ok) return
    setSecret('')
    setDone(input.clientId === null ? 'cleared' : 'saved')
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    // An empty secret field keeps the saved secret: it is never shown, so it cannot be edited.
    void run({ provider, clientId, ...(secret ? { clientSecret: secret } : {}) })
  }
  const error = save.error
  const fieldError = (field: string) =>
    error?.field === field ? t('oauth.clients.invalid', { provider: name }) : null
  return (
    <form className="oauth-client" onSubmit={submit} noValidate data-testid={`oauth-client-${provider}`}>
      <fieldset disabled={save.pending}>
        <legend>{name}</legend>
        <Field id={idInput} label={t('oauth.clients.clientId')} error={fieldError('clientId')}>
          <input
            {...fieldA11y(idInput, fieldError('clientId'))}
            type="text"
            value={clientId}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setClientId(event.target.value)
              setDone(null)
            }}
          />
        </Field>
        {client.secretLost ? (
          <p className="field__error" role="alert" data-testid="oauth-client-secret-lost">
            {t('oauth.clients.secretLost', { provider: name })}
          </p>
        ) : null}
        <Field
          id={secretInput}
          label={t('oauth.clients.clientSecret')}
          hint={t(memoryOnly ? 'oauth.clients.secretHintMemory' : 'oauth.clients.secretHint')}
          error={fieldError('clientSecret')}
        >
          <span className="oauth-client__secret">
            <input
              {...fieldA11y(secretInput, fieldError('clientSecret'))}
              type="password"
              autoComplete="new-password"
              value={secret}
              placeholder={client.hasSecret ? t('oauth.clients.secretReplace') : ''}
              onChange={(event) => {
                setSecret(event.target.value)
                setDone(null)
              }}
            />
            {client.hasSecret ? (
              <span className="oauth-client__saved" data-testid="oauth-client-secret-saved">
                {t('oauth.clients.secretSaved')}
              </span>
            ) : null}
          </span>
        </Field>
        <div className="oauth-client__actions">
          <button
            type="submit"
            className="button button--small button--primary"
            disabled={!clientId.trim()}
            data-testid="oauth-client-save"
          >
            {t('oauth.clients.save')}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={client.clientId === null}
            onClick={() => void run({ provider, clientId: null })}
            data-testid="oauth-client-clear"
          >
            {t('oauth.clients.clear')}
          </button>
          {done ? <span role="status">{t(`oauth.clients.${done}`)}</span> : null}
        </div>
        {error && !FIELDS.includes(error.field ?? '') ? (
          <p className="field__error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
      </fieldset>
    </form>
  )
}
