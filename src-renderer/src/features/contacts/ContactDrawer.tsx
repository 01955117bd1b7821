// The contact drawer beside the conversation: details and custom fields editable in place,
// merge suggestions and a contact picked to merge in, tags, leads, activity, and block/unblock.
import { useEffect, useMemo, useRef, type MutableRefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { callCommand } from '../../api/call-command'
import { Avatar } from '../../components/Avatar'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useCrmStore } from '../../store/crm-store'
import { usePeople } from '../people/use-members'
import { ContactActivity } from './ContactActivity'
import { ContactDetails } from './ContactDetails'
import { ContactLeads } from './ContactLeads'
import { CustomFields } from './CustomFields'
import { MergePicker } from './MergePicker'
import { MergeSuggestions } from './MergeSuggestions'
import { isComposing } from '../../components/composing'
import { carriedEdits, CarriedEditsContext, carryEdits, type CarriedEdit } from './carried-edit'
import './contacts.css'

export function ContactDrawer() {
  const contactId = useCrmStore((state) => state.contactId)
  const open = contactId !== null
  // Focus moves in, to its heading, so Tab goes on through the contact. Closed with focus inside
  // it (Close, Escape in a field), focus goes back to what opened it.
  useEffect(() => {
    if (!open) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    document.getElementById('contact-name')?.focus()
    return () => {
      const lost = !document.activeElement || document.activeElement === document.body
      if (lost && opener?.isConnected) opener.focus()
    }
  }, [open])
  // A field being typed in when the contact is merged away goes with the drawer to the survivor.
  const carried = useRef<CarriedEdit | null>(null)
  if (!contactId) return null
  return <ContactDrawerView key={contactId} contactId={contactId} carried={carried} />
}

function ContactDrawerView({
  contactId,
  carried
}: {
  contactId: string
  carried: MutableRefObject<CarriedEdit | null>
}) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const openContact = useCrmStore((state) => state.openContact)
  const people = usePeople()
  const contact = useQuery('contacts.get', { contactId }, ['contacts'])
  const block = useMutation('contacts.block')
  const unblock = useMutation('contacts.unblock')

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !isComposing(event)) openContact(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openContact])

  // Gone (merged into another contact in another window, or deleted): the drawer follows it to
  // the contact it was merged into, and never goes on offering the gone one's fields to edit.
  const gone = contact.error?.code === 'NOT_FOUND'
  useEffect(() => {
    if (!gone) return
    let current = true
    void callCommand('contacts.resolve', { contactId }).then((response) => {
      const survivor = response.ok ? response.value.contactId : null
      if (!current || !survivor || survivor === contactId) return
      carryEdits(carried, contactId, survivor)
      openContact(survivor)
    })
    return () => {
      current = false
    }
  }, [gone, contactId, openContact, carried])
  const edits = useMemo(() => carriedEdits(carried, contactId), [carried, contactId])

  const c = gone ? undefined : contact.data
  const name = c
    ? c.displayName || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.emails[0] || ''
    : ''
  const actionError = block.error ?? unblock.error
  return (
    <aside
      className="contact-drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby="contact-name"
      data-testid="contact-drawer"
    >
      <header className="contact-drawer__header">
        {c ? <Avatar name={name} /> : null}
        <div className="contact-drawer__title">
          <h2 id="contact-name" tabIndex={-1}>
            {name || t('thread.loading')}
          </h2>
          {c?.blocked ? (
            <span className="status-badge status-badge--blocked" data-testid="contact-blocked">
              {t('crm.contact.blocked')}
            </span>
          ) : null}
        </div>
        <button
          type="button"
          className="button button--small"
          onClick={() => openContact(null)}
          data-testid="contact-close"
        >
          {t('crm.close')}
        </button>
      </header>
      {contact.error ? (
        <p className="field__error" role="alert">
          {describeError(contact.error)}
        </p>
      ) : null}
      {c ? (
        <div className="contact-drawer__body">
          <div className="contact-drawer__actions">
            {c.blocked ? (
              <button
                type="button"
                className="button button--small"
                data-testid="contact-unblock"
                disabled={unblock.pending}
                onClick={() => void unblock.run({ contactId })}
              >
                {t('crm.contact.unblock')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--small button--danger"
                data-testid="contact-block"
                disabled={block.pending}
                onClick={() => void block.run({ contactId })}
              >
                {t('crm.contact.block')}
              </button>
            )}
            {actionError ? (
              <p className="field__error" role="alert">
                {describeError(actionError)}
              </p>
            ) : null}
          </div>
          <CarriedEditsContext.Provider value={edits}>
            <ContactDetails contact={c} people={people} />
            <CustomFields contact={c} />
          </CarriedEditsContext.Provider>
          <MergeSuggestions contactId={contactId} />
          <MergePicker contactId={contactId} />
          <ContactLeads contactId={contactId} />
          <ContactActivity contactId={contactId} people={people} />
        </div>
      ) : null}
    </aside>
  )
}
