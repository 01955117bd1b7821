// Other contacts with the same email or phone; merging keeps every address and all history.
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { MergeError } from './MergeError'

export function MergeSuggestions({ contactId }: { contactId: string }) {
  const { t } = useTranslation()
  const suggestions = useQuery('contacts.mergeSuggestions', { contactId }, ['contacts'])
  const merge = useMutation('contacts.merge')
  if (!suggestions.data || suggestions.data.length === 0) return null
  return (
    <section className="drawer-section" aria-labelledby="contact-merge-title" data-testid="merge-suggestions">
      <h3 id="contact-merge-title">{t('crm.contact.mergeTitle')}</h3>
      <ul className="drawer-list">
        {suggestions.data.map(({ contact, reason }) => (
          <li key={contact.id} data-testid="merge-suggestion">
            <span>
              <strong>{contact.displayName || contact.emails[0]}</strong>
              <span className="drawer-list__detail">
                {t(`crm.contact.mergeReason.${reason}`)} · {[...contact.emails, ...contact.phones].join(', ')}
              </span>
            </span>
            <button
              type="button"
              className="button button--small"
              disabled={merge.pending}
              data-testid="merge-contact"
              onClick={() => void merge.run({ survivorId: contactId, mergedId: contact.id })}
            >
              {t('crm.contact.merge')}
            </button>
          </li>
        ))}
      </ul>
      <MergeError error={merge.error} testId="merge-error" />
    </section>
  )
}
