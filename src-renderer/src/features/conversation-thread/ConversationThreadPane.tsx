// The reading pane of the CRM inbox: the conversation's messages and its timeline (events and
// internal comments) on one time line, then the reply box or the comment box.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Folder } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'
import { ReplyBox } from '../composer/ReplyBox'
import { useConversationActions } from '../conversations/use-conversation-actions'
import { usePeople } from '../people/use-members'
import { PendingInThread } from '../outbox/PendingInThread'
import { FindInThread } from '../search/FindInThread'
import { MessageView } from '../thread/MessageView'
import { ThreadMailActions } from '../thread/ThreadMailActions'
import { oldestFirst, useMarkRead } from '../thread/use-mark-read'
import { CommentComposer } from './CommentComposer'
import { ConversationHeader } from './ConversationHeader'
import { interleave } from './timeline-items'
import { ThreadPaneEmpty } from './ThreadPaneEmpty'
import { TimelineEntryView } from './TimelineEntryView'
import '../thread/thread.css'
import './conversation-thread.css'

const CONVERSATION_TABLES = ['conversations', 'contacts']
const THREAD_TABLES = ['threads', 'messages']
const TIMELINE_TABLES = ['conversations', 'events', 'comments']
const FOLDER_TABLES = ['folders']
const NO_FOLDERS: Folder[] = []

export function ConversationThreadPane() {
  const openThreadId = useUiStore((state) => state.openThreadId)
  if (openThreadId === null) return <ThreadPaneEmpty />
  // Keyed, so per-conversation state (scroll, the comment box) starts fresh.
  return <ConversationView key={openThreadId} threadId={openThreadId} />
}

function ConversationView({ threadId }: { threadId: number }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const people = usePeople()
  const actions = useConversationActions()
  const conversation = useQuery('conversations.ofThread', { threadId }, CONVERSATION_TABLES)
  const c = conversation.data
  const thread = useQuery('threads.get', { threadId }, THREAD_TABLES)
  const timeline = useQuery('conversations.timeline', c ? { conversationId: c.id } : null, TIMELINE_TABLES)
  const messages = useMemo(() => oldestFirst(thread.data?.messages ?? []), [thread.data])
  const items = useMemo(() => interleave(messages, timeline.data ?? []), [messages, timeline.data])
  const summary = thread.data?.thread
  // For the messages' Move to menu and whether the account has an Archive folder.
  const folders = useQuery('folders.list', summary ? { accountId: summary.accountId } : null, FOLDER_TABLES)
  useMarkRead(threadId, summary?.unreadCount, summary?.messageCount)
  // "c" asks for this thread's comment box, possibly before this view mounted (it is keyed by
  // thread, so opening another conversation mounts a new one); the composer takes focus and
  // clears the request.
  const wantsComment = useCrmStore((state) => state.pendingComment === threadId)
  const [mode, setMode] = useState<'reply' | 'comment'>('reply')
  const hasConversation = !!c
  useEffect(() => {
    if (wantsComment && hasConversation) setMode('comment')
  }, [wantsComment, hasConversation])

  // A thread without a conversation (none made for it) still shows its mail and reply box.
  const noConversation = conversation.error?.code === 'NOT_FOUND'
  const error = (noConversation ? null : conversation.error) ?? thread.error ?? timeline.error
  if (!summary || (!c && !noConversation)) {
    return (
      <section className="thread-pane thread-pane--empty" aria-label={t('thread.paneLabel')}>
        <p role={error ? 'alert' : 'status'}>{error ? describeError(error) : t('thread.loading')}</p>
      </section>
    )
  }

  return (
    <section className="thread-pane" aria-labelledby="thread-subject" data-testid="thread-view">
      {c ? (
        <ConversationHeader
          conversation={c}
          people={people}
          actions={actions}
          messageCount={summary.messageCount}
        />
      ) : (
        <header className="thread-pane__header">
          <h1 id="thread-subject">{summary.subject || t('inbox.noSubject')}</h1>
        </header>
      )}
      <div className="thread-pane__tools">
        <FindInThread threadId={threadId} messageIds={messages.map((m) => m.id)} />
        {/* Keyed by thread: an Undo offered in one conversation must not follow to the next. */}
        <ThreadMailActions key={threadId} messages={messages} folders={folders.data ?? NO_FOLDERS} />
      </div>
      {error ? (
        <p className="thread-pane__error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      <div className="thread-pane__messages" data-testid="conversation-timeline">
        {items.map((item) =>
          item.kind === 'message' ? (
            <MessageView key={item.key} message={item.message} folders={folders.data ?? NO_FOLDERS} />
          ) : (
            <TimelineEntryView key={item.key} entry={item.entry} people={people} />
          )
        )}
        <PendingInThread threadId={threadId} />
      </div>
      {c ? (
        <div className="composer-tabs" role="tablist" aria-label={t('crm.comment.tabs')}>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'reply'}
            data-testid="tab-reply"
            onClick={() => setMode('reply')}
          >
            {t('crm.comment.replyTab')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'comment'}
            data-testid="tab-comment"
            onClick={() => setMode('comment')}
          >
            {t('crm.comment.commentTab')}
          </button>
        </div>
      ) : null}
      {mode === 'reply' || !c ? (
        <ReplyBox thread={summary} messages={messages} />
      ) : (
        <CommentComposer
          conversationId={c.id}
          threadId={threadId}
          people={people}
          assignment={{ assigneeId: c.assigneeId, teamId: c.teamId }}
        />
      )}
    </section>
  )
}
