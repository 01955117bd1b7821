// "Sign-in with Google and Microsoft": the OAuth client id each provider needs, set here because a
// desktop user cannot easily set the RAPPORT_*_CLIENT_ID environment variables.
import { useTranslation } from 'react-i18next'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { OAuthClientForm } from './OAuthClientForm'

export function OAuthClientsSettings() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const clients = useQuery('oauth.clients', {}, ['settings'])
  // Without a keychain the secret lasts until Rapport quits; the form says so instead of "keychain".
  const info = useQuery('app.info', {}, [])
  const memoryOnly = info.data?.secretStore === 'memory'
  return (
    <section className="settings-section" aria-labelledby="settings-oauth" data-testid="oauth-clients">
      <h3 id="settings-oauth">{t('oauth.clients.title')}</h3>
      <p className="settings-hint">{t('oauth.clients.intro')}</p>
      <p className="settings-hint">{t('oauth.clients.howTo', { redirect: 'http://127.0.0.1' })}</p>
      {clients.error ? (
        <p className="field__error" role="alert">
          {describeError(clients.error)}
        </p>
      ) : null}
      {clients.data?.map((client) => (
        <OAuthClientForm key={client.provider} client={client} memoryOnly={memoryOnly} />
      ))}
    </section>
  )
}
