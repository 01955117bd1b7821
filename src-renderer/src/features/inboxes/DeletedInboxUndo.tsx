// "Inbox X deleted. Undo" under the sidebar's inboxes, so a mis-click on Delete loses nothing.
// The core keeps no deleted inbox to bring back, so Undo saves it again from its definition
// (name, sharing, filter) as the creator had it, refreshed now, and shows it.
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
  const recreate = useMutation('inboxes.createCustom')
  const setInbox = useCrmStore((state) => state.setInbox)
  const ref = useRef<HTMLDivElement>(null)
  const { reset } = recreate

  // Delete takes its own button away (now or once the list is read again): focus goes on to
  // Undo, unless the user has already moved on out of the sidebar.
  useEffect(() => {
    reset()
    const active = document.activeElement
    const inSidebar = !active || active === document.body || active.closest('.inbox-nav') !== null
    if (inbox && inSidebar) ref.current?.querySelector('button')?.focus()
  }, [inbox, reset])

  const filter = inbox?.filter
  const undo =
    inbox && filter
      ? {
          label: t('crm.inbox.deleted', { name: inbox.name }),
          revert: async () => {
            const response = await recreate.run({ name: inbox.name, shared: inbox.shared ?? false, filter })
            if (response.ok && response.value.customId) setInbox({ custom: response.value.customId })
            return response.ok
          }
        }
      : null
  return (
    <div className="inbox-nav__undo" ref={ref}>
      <UndoNote undo={undo} disabled={recreate.pending} onUndone={onDone} testId="inbox-undo" />
      {recreate.error ? (
        <p className="field__error" role="alert">
          {describeError(recreate.error)}
        </p>
      ) : null}
    </div>
  )
}
