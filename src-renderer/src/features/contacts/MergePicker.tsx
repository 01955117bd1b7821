// Merging in a contact the suggestions do not offer (another address of the same person, say):
// found by name or address with the contact list's search, merged as a suggestion is (the same
// refusals, and Undo in the activity).
import { useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { isComposing } from '../../components/composing'
import { contactName } from './contact-edit'
import { MergeError } from './MergeError'

const SHOWN = 8

export function MergePicker({ contactId }: { contactId: string }) {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const search = query.trim()
  // One more than shown: this contact may be among them.
  const found = useQuery('contacts.list', search ? { search, limit: SHOWN + 1 } : null, ['contacts'])
  const merge = useMutation('contacts.merge')
  const others = (found.data ?? []).filter((c) => c.id !== contactId).slice(0, SHOWN)
  const mergeIn = async (mergedId: string) => {
    const response = await merge.run({ survivorId: contactId, mergedId })
    if (response.ok) setQuery('')
  }
  // Escape empties the box first; the drawer closes on the next one.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !query || isComposing(event)) return
    event.preventDefault()
    setQuery('')
  }
  return (
    <section className="drawer-section" aria-labelledby="contact-pick-title" data-testid="merge-picker">
      <h3 id="contact-pick-title">{t('crm.contact.mergePickTitle')}</h3>
      <input
        type="search"
        className="merge-picker__search"
        value={query}
        aria-label={t('crm.contact.mergePickSearch')}
        placeholder={t('crm.contact.mergePickSearch')}
        onChange={(event) => {
          setQuery(event.target.value)
          merge.reset()
        }}
        onKeyDown={onKeyDown}
      />
      {search && found.data && others.length === 0 ? (
        <p className="drawer-list__detail" data-testid="merge-pick-none">
          {t('crm.contact.mergePickNone')}
        </p>
      ) : null}
      <ul className="drawer-list">
        {search
          ? others.map((other) => (
              <li key={other.id} data-testid="merge-pick">
                <span>
                  <strong>{contactName(other)}</strong>
                  <span className="drawer-list__detail">{[...other.emails, ...other.phones].join(', ')}</span>
                </span>
                <button
                  type="button"
                  className="button button--small"
                  disabled={merge.pending}
                  data-testid="merge-pick-contact"
                  aria-label={t('crm.contact.mergeOther', { name: contactName(other) })}
                  onClick={() => void mergeIn(other.id)}
                >
                  {t('crm.contact.merge')}
                </button>
              </li>
            ))
          : null}
      </ul>
      <MergeError error={merge.error} testId="merge-pick-error" />
    </section>
  )
}
