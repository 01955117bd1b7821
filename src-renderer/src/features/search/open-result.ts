import { useCallback } from 'react'
import { callCommand } from '../../api/call-command'
import { useCrmStore } from '../../store/crm-store'
import { openThreadAndSelect } from '../conversations/select-opened-thread'
import { useUiStore } from '../../store/ui-store'
import { useFindStore } from './find-store'
import { findTextOf, useSearchStore } from './search-store'

function rememberAndClose(): string {
  const { text, tab, setOpen } = useSearchStore.getState()
  if (text.trim() !== '') void callCommand('search.remember', { query: text.trim(), kind: tab })
  setOpen(false)
  return text
}

/**
 * Opening a message or comment result: remember the search, open its conversation with the
 * search's words already found in it, and close the panel.
 */
export function useOpenResult() {
  return useCallback((threadId: number) => {
    const text = rememberAndClose()
    // The conversation already open (another hit in it): its bodies stay mounted and report a
    // count only when it changes, so the counts they gave stay; starting over lost them and
    // the bar said "No matches" beside the marks.
    const find = useFindStore.getState()
    if (find.threadId === threadId && useUiStore.getState().openThreadId === threadId) {
      find.setQuery(findTextOf(text))
    } else {
      find.start(threadId, findTextOf(text))
    }
    openThreadAndSelect(threadId)
  }, [])
}

/** Opening a contact result: remember the search and show the contact in the contact drawer. */
export function useOpenContact() {
  const openContact = useCrmStore((state) => state.openContact)
  return useCallback(
    (contactId: string) => {
      rememberAndClose()
      openContact(contactId)
    },
    [openContact]
  )
}
