// The contact's history (blocked, merged, conversations opened …), newest first; a merge
// that is not undone yet can be undone here.
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { formatFullDate } from '../../i18n/format'
import { EventText } from '../conversation-thread/TimelineEntryView'
import type { People } from '../people/use-members'

export function ContactActivity({ contactId, people }: { contactId: string; people: People }) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const activity = useQuery('contacts.timeline', { contactId }, ['contacts', 'events', 'conversations'])
  const unmerge = useMutation('contacts.unmerge')
  const entries = [...(activity.data ?? [])].reverse()
  const undone = new Set(
    entries.flatMap((e) =>
      e.kind === 'event' && e.type === 'contact_unmerged' ? [String(e.data.mergeId)] : []
    )
  )
  return (
    <section
      className="drawer-section"
      aria-labelledby="contact-activity-title"
      data-testid="contact-activity"
    >
      <h3 id="contact-activity-title">{t('crm.contact.activity')}</h3>
      {entries.length === 0 ? <p className="drawer-list__detail">{t('crm.contact.noActivity')}</p> : null}
      <ul className="drawer-list">
        {entries.map((entry) =>
          entry.kind === 'event' ? (
            <li key={entry.id} data-testid="activity-entry" data-type={entry.type}>
              <span>
                <EventText entry={entry} people={people} />
                <span className="drawer-list__detail">{formatFullDate(entry.at, i18n.language)}</span>
              </span>
              {entry.type === 'contact_merged' && !undone.has(String(entry.data.mergeId)) ? (
                <button
                  type="button"
                  className="button button--small"
                  data-testid="unmerge-contact"
                  disabled={unmerge.pending}
                  onClick={() => void unmerge.run({ mergeId: String(entry.data.mergeId) })}
                >
                  {t('crm.contact.unmerge')}
                </button>
              ) : null}
            </li>
          ) : null
        )}
      </ul>
      {unmerge.error ? (
        <p className="field__error" role="alert">
          {describeError(unmerge.error)}
        </p>
      ) : null}
    </section>
  )
}
