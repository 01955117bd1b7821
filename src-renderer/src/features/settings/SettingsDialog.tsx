// Settings: the CRM's members, teams and lead pipeline, and the client ids for signing in with
// Google and Microsoft.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useCrmStore } from '../../store/crm-store'
import { usePeople } from '../people/use-members'
import { MembersSettings } from './MembersSettings'
import { OAuthClientsSettings } from './OAuthClientsSettings'
import { StagesSettings } from './StagesSettings'
import { TeamsSettings } from './TeamsSettings'
import { isComposing } from '../../components/composing'
import './settings.css'

export function SettingsDialog() {
  const { t } = useTranslation()
  const setPanel = useCrmStore((state) => state.setPanel)
  const people = usePeople()
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !isComposing(event)) setPanel(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setPanel])
  return (
    <div className="settings-backdrop">
      <section
        className="settings-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        data-testid="settings"
      >
        <header className="settings-dialog__header">
          <h2 id="settings-title">{t('crm.settings.title')}</h2>
          {/* Focus comes in, as showModal() gives the Outbox's: the panes behind are inert. */}
          <button
            type="button"
            className="button button--small"
            onClick={() => setPanel(null)}
            data-testid="settings-close"
            autoFocus
          >
            {t('crm.close')}
          </button>
        </header>
        <div className="settings-dialog__body">
          <MembersSettings people={people} />
          <TeamsSettings people={people} />
          <StagesSettings />
          <OAuthClientsSettings />
        </div>
      </section>
    </div>
  )
}
