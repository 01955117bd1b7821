// Under "Sign in with Google / Microsoft" on the add-account form: without a client id the sign-in
// cannot start, and before the first account Settings is only reachable from here.
import { useTranslation } from 'react-i18next'
import type { OAuthProvider } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useCrmStore } from '../../store/crm-store'

export function OAuthClientHint({ provider }: { provider: OAuthProvider }) {
  const { t } = useTranslation()
  const clients = useQuery('oauth.clients', {}, ['settings'])
  const setPanel = useCrmStore((state) => state.setPanel)
  const client = clients.data?.find((c) => c.provider === provider)
  if (!client || client.clientId !== null) return null
  return (
    <p className="oauth-client-hint" data-testid="oauth-client-missing">
      {t('oauth.clients.needed', { provider: t(`oauth.providers.${provider}`) })}{' '}
      <button
        type="button"
        className="button button--small"
        onClick={() => setPanel('settings')}
        data-testid="oauth-client-set-up"
      >
        {t('oauth.clients.setUp')}
      </button>
    </p>
  )
}
