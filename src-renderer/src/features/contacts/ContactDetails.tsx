// The contact's standard fields, tags and owner, each editable in place.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError, Contact } from '../../../../src-preload/contract'
import { SaveError } from '../../components/SaveError'
import type { People } from '../people/use-members'
import { splitList, updateContact } from './contact-edit'
import { useCarriedEdits } from './carried-edit'
import { EmailHeldBy } from './EmailHeldBy'
import { InlineField } from './InlineField'
import { nameFields } from './name-fields'

const OTHER_TEXT_FIELDS = ['company', 'country', 'language'] as const

export function ContactDetails({ contact, people }: { contact: Contact; people: People }) {
  const { t, i18n } = useTranslation()
  const save = (patch: Parameters<typeof updateContact>[1]) => updateContact(contact.id, patch)
  const [ownerError, setOwnerError] = useState<ApiError | null>(null)
  return (
    <section className="drawer-section" aria-labelledby="contact-details-title">
      <h3 id="contact-details-title">{t('crm.contact.details')}</h3>
      {[...nameFields(i18n.language), ...OTHER_TEXT_FIELDS].map((field) => (
        <InlineField
          key={field}
          id={field}
          label={t(`crm.contact.${field}`)}
          value={contact[field]}
          onSave={(value) => save({ [field]: value.trim() })}
        />
      ))}
      <InlineField
        id="emails"
        label={t('crm.contact.emails')}
        value={contact.emails.join(', ')}
        onSave={(value) => save({ emails: splitList(value) })}
        renderError={(error, draft, saveAgain) =>
          error.code === 'ALREADY_EXISTS' && error.heldBy ? (
            <EmailHeldBy
              contactId={contact.id}
              error={{ ...error, heldBy: error.heldBy }}
              draft={draft}
              saveAgain={saveAgain}
            />
          ) : null
        }
      />
      <InlineField
        id="phones"
        label={t('crm.contact.phones')}
        value={contact.phones.join(', ')}
        onSave={(value) => save({ phones: splitList(value) })}
      />
      <div className="inline-field">
        <label className="inline-field__label" htmlFor="contact-owner">
          {t('crm.contact.owner')}
        </label>
        <select
          id="contact-owner"
          value={contact.ownerId ?? ''}
          aria-invalid={ownerError ? true : undefined}
          onChange={(event) => void save({ ownerId: event.target.value || null }).then(setOwnerError)}
        >
          <option value="">{t('crm.contact.noOwner')}</option>
          {people.members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name || member.email}
            </option>
          ))}
        </select>
        <SaveError error={ownerError} testId="owner-error" />
      </div>
      <ContactTags contact={contact} />
    </section>
  )
}

function ContactTags({ contact }: { contact: Contact }) {
  const { t } = useTranslation()
  // A tag being typed when the contact was merged away elsewhere: typed on here.
  const edits = useCarriedEdits()
  const [carried] = useState(() => edits.take('add-tag'))
  const [tag, setTag] = useState(carried ?? '')
  useEffect(() => {
    edits.note('add-tag', tag || null)
  }, [edits, tag])
  const [error, setError] = useState<ApiError | null>(null)
  // Only the tag added or removed: the list shown may not hold a tag saved since in another
  // window, and writing it back whole would drop that tag (or bring back one removed there).
  const changeTags = async (change: { addTags: string[] } | { removeTags: string[] }) => {
    const failure = await updateContact(contact.id, change)
    setError(failure)
    return failure
  }
  const add = (event: FormEvent) => {
    event.preventDefault()
    const value = tag.trim()
    if (!value || contact.tags.includes(value)) return
    void changeTags({ addTags: [value] }).then((failure) => !failure && setTag(''))
  }
  return (
    <div className="contact-tags" data-testid="contact-tags">
      <span className="inline-field__label">{t('crm.contact.tags')}</span>
      <ul className="tag-list">
        {contact.tags.map((name) => (
          <li key={name} className="tag">
            {name}
            <button
              type="button"
              aria-label={t('crm.contact.removeTag', { tag: name })}
              onClick={() => void changeTags({ removeTags: [name] })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="tag-form">
        <input
          value={tag}
          aria-label={t('crm.contact.addTag')}
          placeholder={t('crm.contact.addTag')}
          aria-invalid={error ? true : undefined}
          autoFocus={carried !== null}
          onChange={(event) => setTag(event.target.value)}
        />
      </form>
      <SaveError error={error} testId="tags-error" />
    </div>
  )
}
