// The conversation being read or selected follows a merge of its thread into another (by sync,
// when a missing parent arrives and joins two threads, or by hand): the reading pane shows the
// surviving thread, with the reply draft that moved there (draft-merge.ts), instead of "This
// item no longer exists" over a reply box emptied under the user's hands. A comment being
// written on the merged thread joins the surviving one's (comment-draft-merge.ts), whichever
// conversation is on screen.
import { callCommand } from '../../api/call-command'
import { getApi } from '../../api/rapport-client'
import { useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'

/** Wires the follow once at startup; returns a function that removes it. */
export function followThreadMerges(): () => void {
  // The CRM selection being moved to `threadId`'s conversation (its answer awaited): a merge of
  // that thread meanwhile (a chain A -> B -> C from one sync) moves it on to the next.
  let following: { threadId: number; before: string | null } | null = null
  return getApi().on('threads.merged', ({ from, to }) => {
    const ui = useUiStore.getState()
    // Read first: opening `to` drops a request for another thread's reply box.
    const wantsReply = ui.pendingReply === from
    if (ui.openThreadId === from) ui.openThread(to)
    else if (ui.selectedThreadId === from) ui.selectThread(to)
    if (wantsReply) ui.focusReply(to)

    const crm = useCrmStore.getState()
    crm.mergeCommentDrafts(from, to)
    if (crm.pendingComment === from) crm.focusComment(to)
    const chained = following?.threadId === from ? following : null
    if (crm.selectedThreadId !== from && !chained) return
    const before = chained ? chained.before : crm.selectedConversationId
    const follow = { threadId: to, before }
    following = follow
    // The surviving conversation may be either one (merge keeps a live one over a tombstone).
    void callCommand('conversations.ofThread', { threadId: to }).then((response) => {
      // A later merge of `to` took over: it moves the selection on.
      if (following !== follow) return
      following = null
      const now = useCrmStore.getState()
      // Moved on meanwhile (the user, or the list's own follow of a vanished row): left alone.
      if (!response.ok || now.selectedConversationId !== before) return
      now.selectConversation(response.value.id, to)
    })
  })
}
