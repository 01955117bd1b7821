// A thread opened from outside the list (a search result, a draft continued from the server) is
// what the user reads, so the list's selection goes to its conversation too: the e, s, a and c
// keys act on the selection, and left on the row picked before they changed another conversation.
import { callCommand } from '../../api/call-command'
import { useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'

export function openThreadAndSelect(threadId: number): void {
  useUiStore.getState().openThread(threadId)
  const crm = useCrmStore.getState()
  if (crm.selectedThreadId === threadId) return
  // Nothing selected until the core names the conversation: no key acts on the old one meanwhile.
  useCrmStore.setState({ selectedConversationId: null, selectedThreadId: null })
  void callCommand('conversations.ofThread', { threadId }).then((response) => {
    const now = useCrmStore.getState()
    // Opened or selected something else meanwhile: that wins.
    if (!response.ok || now.selectedConversationId !== null) return
    if (useUiStore.getState().openThreadId !== threadId) return
    now.selectConversation(response.value.id, threadId)
  })
}
