// CRM keys on top of j/k/Enter (see use-list-keyboard): e closes, s snoozes, a assigns,
// c comments on the selected (or open) conversation, and / jumps to search. Like j/k they
// work anywhere except while typing or inside a dialog.
import { useCrmStore } from '../../store/crm-store'
import { shortcutKey, useShortcutKeys } from '../inbox/use-shortcut-keys'
import type { ConversationActions } from './use-conversation-actions'

export function useConversationShortcuts(actions: ConversationActions): void {
  useShortcutKeys((event) => {
    const store = useCrmStore.getState()
    const key = shortcutKey(event)
    if (key === '/') {
      const search = document.querySelector<HTMLElement>('[data-testid="global-search-input"]')
      search?.focus()
      return !!search
    }
    const id = store.selectedConversationId
    if (!id || store.selectedThreadId === null) return false
    if (key === 'e') void actions.close(id)
    else if (key === 's') store.setMenu({ kind: 'snooze', conversationId: id, source: 'list' })
    else if (key === 'a') store.setMenu({ kind: 'assign', conversationId: id, source: 'list' })
    else if (key === 'c') {
      store.openConversation(id, store.selectedThreadId)
      store.focusComment(store.selectedThreadId)
    } else return false
    return true
  })
}
