// Custom inboxes refresh by hand: each shows "updated X ago" and a refresh button, and its
// creator can edit (rename, share) or delete it. The current filter can be saved as a new one.
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Inbox } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useErrorMessage } from '../../i18n/error-message'
import { inboxRefKey, useCrmStore } from '../../store/crm-store'
import { usePeople } from '../people/use-members'
import { CustomInboxEditForm, SharedCheckbox, useCustomInboxError } from './CustomInboxEditForm'
import { savedViewFilter, timeAgo } from './inbox-ref'
import { useInboxes } from './use-inboxes'

/** Re-renders every 30 s so "updated X ago" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

type InfoProps = { inbox: Inbox; onDeleted: (inbox: Inbox) => void }

export function CustomInboxInfo({ inbox, onDeleted }: InfoProps) {
  const { t, i18n } = useTranslation()
  const describeError = useCustomInboxError()
  const refresh = useMutation('inboxes.refreshCustom')
  const remove = useMutation('inboxes.deleteCustom')
  const people = usePeople()
  const now = useNow()
  const [editing, setEditing] = useState(false)
  // Only its creator may change a custom inbox (the core says FORBIDDEN to anyone else). Once it
  // is gone, the sidebar goes back to All (InboxSidebar).
  const mine = inbox.customId !== null && people.me !== null && inbox.creatorId === people.me.id
  const error = refresh.error ?? remove.error
  const customId = inbox.customId
  const deleteInbox = async () => {
    if (!customId) return
    const response = await remove.run({ inboxId: customId })
    if (response.ok) onDeleted(inbox)
  }
  return (
    <>
      <div className="inbox-nav__custom">
        {inbox.shared ? <span data-testid="custom-shared">{t('crm.inbox.sharedMark')}</span> : null}
        <span data-testid="custom-updated">
          {inbox.refreshedAt
            ? t('crm.inbox.updated', { ago: timeAgo(inbox.refreshedAt, i18n.language, now) })
            : t('crm.inbox.neverUpdated')}
        </span>
        <button
          type="button"
          className="link-button"
          disabled={refresh.pending || !inbox.customId}
          data-testid="custom-refresh"
          onClick={() => inbox.customId && void refresh.run({ inboxId: inbox.customId })}
        >
          {refresh.pending ? t('crm.inbox.refreshing') : t('crm.inbox.refresh')}
        </button>
        {mine ? (
          <button
            type="button"
            className="link-button"
            aria-label={t('crm.inbox.editNamed', { name: inbox.name })}
            aria-expanded={editing}
            data-testid="custom-edit"
            onClick={() => setEditing(true)}
          >
            {t('crm.inbox.edit')}
          </button>
        ) : null}
        {mine ? (
          <button
            type="button"
            className="link-button"
            disabled={remove.pending}
            aria-label={t('crm.inbox.deleteNamed', { name: inbox.name })}
            data-testid="custom-delete"
            onClick={() => void deleteInbox()}
          >
            {t('crm.inbox.delete')}
          </button>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
      </div>
      {/* Open until closed, also once the list says it is no longer ours: its refusal stays readable. */}
      {editing && customId ? (
        <CustomInboxEditForm inbox={{ ...inbox, customId }} onClose={() => setEditing(false)} />
      ) : null}
    </>
  )
}

export function SaveViewForm() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const create = useMutation('inboxes.createCustom')
  const { inbox, status, unreplied, setInbox } = useCrmStore()
  const people = usePeople()
  const inboxes = useInboxes()
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const current = inboxes.data?.find((entry) => entry.key === inboxRefKey(inbox))
  const saved = savedViewFilter(
    inbox,
    { status, unreplied },
    { meId: people.me?.id ?? null, customFilter: current?.filter ?? null }
  )
  const unavailable = 'unavailable' in saved ? saved.unavailable : null
  // Why Save cannot be used here: Blocked never, Mine or a custom inbox once they have loaded.
  const note = unavailable ? (
    <p id="save-view-unavailable" className="inbox-nav__note" data-testid="save-view-unavailable">
      {unavailable === 'blocked' ? t('crm.inbox.saveViewBlocked') : t('crm.inbox.saveViewLoading')}
    </p>
  ) : null
  const describedBy = unavailable ? 'save-view-unavailable' : undefined

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if ('unavailable' in saved) return
    const response = await create.run({ name, shared, filter: saved.filter })
    if (response.ok) {
      setName('')
      setShared(false)
      setOpen(false)
      if (response.value.customId) setInbox({ custom: response.value.customId })
    }
  }

  if (!open) {
    const blocked = unavailable === 'blocked'
    return (
      <>
        <button
          type="button"
          className="link-button inbox-nav__save"
          disabled={blocked}
          aria-describedby={blocked ? describedBy : undefined}
          onClick={() => setOpen(true)}
        >
          {t('crm.inbox.saveView')}
        </button>
        {blocked ? note : null}
      </>
    )
  }
  return (
    <form className="inbox-nav__form" onSubmit={(event) => void submit(event)}>
      <label htmlFor="custom-inbox-name">{t('crm.inbox.customName')}</label>
      <input id="custom-inbox-name" value={name} required onChange={(event) => setName(event.target.value)} />
      <SharedCheckbox checked={shared} onChange={setShared} testId="save-view-shared" />
      {create.error ? (
        <p className="field__error" role="alert">
          {describeError(create.error)}
        </p>
      ) : null}
      {note}
      <div className="inbox-nav__form-actions">
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={create.pending || unavailable !== null}
          aria-describedby={describedBy}
        >
          {t('crm.inbox.save')}
        </button>
        <button type="button" className="button button--small" onClick={() => setOpen(false)}>
          {t('crm.cancel')}
        </button>
      </div>
    </form>
  )
}
