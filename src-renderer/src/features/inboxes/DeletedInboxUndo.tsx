// "Inbox X deleted. Undo" under the sidebar's inboxes, so a mis-click on Delete loses nothing.
// Undo brings the deleted inbox back under its own id (inboxes.restoreCustom), so whatever is keyed
// by it still points at it, with its name, sharing and filter, refreshed now, and shows it.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Inbox } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { useCrmStore } from '../../store/crm-store'
import { UndoNote } from '../../components/UndoNote'
import { useCustomInboxError } from './CustomInboxEditForm'

type Props = { inbox: Inbox | null; onDone: () => void }

export function DeletedInboxUndo({ inbox, onDone }: Props) {
  const { t } = useTranslation()
  const describeError = useCustomInboxError()
  const restore = useMutation('inboxes.restoreCustom')
  const setInbox = useCrmStore((state) => state.setInbox)
  const ref = useRef<HTMLDivElement>(null)
  const { reset } = restore

  // Delete takes its own button away (now or once the list is read again): focus goes on to
  // Undo, unless the user has already moved on out of the sidebar.
  useEffect(() => {
    reset()
    const active = document.activeElement
    const inSidebar = !active || active === document.body || active.closest('.inbox-nav') !== null
    if (inbox && inSidebar) ref.current?.querySelector('button')?.focus()
  }, [inbox, reset])

  const inboxId = inbox?.customId
  const undo =
    inbox && inboxId
      ? {
          label: t('crm.inbox.deleted', { name: inbox.name }),
          revert: async () => {
            const response = await restore.run({ inboxId })
            if (response.ok) setInbox({ custom: inboxId })
            return response.ok
          }
        }
      : null
  return (
    <div className="inbox-nav__undo" ref={ref}>
      <UndoNote undo={undo} disabled={restore.pending} onUndone={onDone} testId="inbox-undo" />
      {restore.error ? (
        <p className="field__error" role="alert">
          {describeError(restore.error)}
        </p>
      ) : null}
    </div>
  )
}
