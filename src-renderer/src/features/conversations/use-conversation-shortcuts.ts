// CRM keys on top of j/k/Enter (see use-list-keyboard): e closes, s snoozes, a assigns,
// c comments on the selected (or open) conversation, and / jumps to search. Like j/k they
// work anywhere except while typing or inside a dialog.
import { useEffect, useRef } from 'react'
import { isTyping } from '../inbox/use-list-keyboard'
import { useCrmStore } from '../../store/crm-store'
import type { ConversationActions } from './use-conversation-actions'

export function useConversationShortcuts(actions: ConversationActions): void {
  const latest = useRef(actions)
  useEffect(() => {
    latest.current = actions
  })

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target)) return
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return
      const store = useCrmStore.getState()
      if (event.key === '/') {
        const search = document.querySelector<HTMLElement>('[data-testid="global-search-input"]')
        if (search) {
          event.preventDefault()
          search.focus()
        }
        return
      }
      const id = store.selectedConversationId
      if (!id || store.selectedThreadId === null) return
      if (event.key === 'e') latest.current.close(id)
      else if (event.key === 's') store.setMenu({ kind: 'snooze', conversationId: id, source: 'list' })
      else if (event.key === 'a') store.setMenu({ kind: 'assign', conversationId: id, source: 'list' })
      else if (event.key === 'c') {
        store.openConversation(id, store.selectedThreadId)
        store.focusComment()
      } else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
