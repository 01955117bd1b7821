// The reading pane of the CRM inbox: the conversation's messages and its timeline (events and
// internal comments) on one time line, then the reply box or the comment box.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { useTranslation } from 'react-i18next'
import type { Folder } from '../../../../src-preload/contract'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useCrmStore } from '../../store/crm-store'
import { useUiStore } from '../../store/ui-store'
import { ReplyBox } from '../composer/ReplyBox'
import { useMessageCompose } from '../composer/use-message-compose'
import { useConversationActions } from '../conversations/use-conversation-actions'
import { usePeople } from '../people/use-members'
import { PendingInThread } from '../outbox/PendingInThread'
import { foldNeedle, isFindable } from '../search/find-in-text'
import { useFindStore } from '../search/find-store'
import { FindInThread } from '../search/FindInThread'
import { CollapsedFindCount, MessageView } from '../thread/MessageView'
import { ThreadMailActions } from '../thread/ThreadMailActions'
import { useThreadMailKeys } from '../thread/use-thread-mail-keys'
import { oldestFirst, useMarkRead } from '../thread/use-mark-read'
import { CommentComposer } from './CommentComposer'
import { ConversationHeader } from './ConversationHeader'
import { foldRows } from './message-fold'
import { interleave } from './timeline-items'
import { ThreadPaneEmpty } from './ThreadPaneEmpty'
import { TimelineEntryView } from './TimelineEntryView'
import { useMessageFold } from './use-message-fold'
import '../thread/thread.css'
import './conversation-thread.css'

const CONVERSATION_TABLES = ['conversations', 'contacts']
// image_senders: a message shows its remote images when its sender's are always shown.
const THREAD_TABLES = ['threads', 'messages', 'image_senders']
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
  const fold = useMessageFold(thread.data ? messages : undefined)
  const { expanded, foldable } = fold
  const rows = useMemo(() => foldRows(items, { expanded, foldable }), [items, expanded, foldable])
  // For the messages' Move to menu and whether the account has an Archive folder.
  const folders = useQuery('folders.list', summary ? { accountId: summary.accountId } : null, FOLDER_TABLES)
  useMarkRead(summary)
  // "c" asks for this thread's comment box, possibly before this view mounted (it is keyed by
  // thread, so opening another conversation mounts a new one); the composer takes focus and
  // clears the request.
  const wantsComment = useCrmStore((state) => state.pendingComment === threadId)
  const [mode, setMode] = useState<'reply' | 'comment'>('reply')
  const hasConversation = !!c
  useEffect(() => {
    if (wantsComment && hasConversation) setMode('comment')
  }, [wantsComment, hasConversation])
  // A reply continued here asks for the reply box, also when the Comment tab was showing.
  const wantsReply = useUiStore((state) => state.pendingReply === threadId)
  useEffect(() => {
    if (wantsReply) setMode('reply')
  }, [wantsReply])

  // Reply, Reply all and Forward of a message: a reply shows the reply box and puts the keys in it.
  const compose = useMessageCompose(summary, messages, () => {
    flushSync(() => setMode('reply'))
    document.getElementById(`reply-${threadId}`)?.focus()
  })
  const newest = messages.at(-1)
  useThreadMailKeys(
    summary && newest
      ? {
          // A read-only archive has no reply box: r and Shift+R are left to do nothing.
          ...(compose.archived
            ? {}
            : { reply: () => compose.reply(newest, false), replyAll: () => compose.reply(newest, true) }),
          forward: () => void compose.forward(newest)
        }
      : {}
  )

  // A thread without a conversation (none made for it) still shows its mail and reply box.
  const noConversation = conversation.error?.code === 'NOT_FOUND'
  const paneRef = useRef<HTMLElement>(null)
  // Scrolled once all that changes the layout above the message is there: the timeline, and the
  // folders (they bring the conversation actions, which may wrap the bar that sticks on top).
  const settled = (query: { data: unknown; error: unknown }) => query.data !== undefined || !!query.error
  const ready = !!summary && (noConversation || (!!c && settled(timeline))) && settled(folders)
  useScrollToFirstUnread(paneRef, ready ? fold.opened : null)
  const error = (noConversation ? null : conversation.error) ?? thread.error ?? timeline.error
  if (!summary || (!c && !noConversation)) {
    return (
      <section className="thread-pane thread-pane--empty" aria-label={t('thread.paneLabel')}>
        <p role={error ? 'alert' : 'status'}>{error ? describeError(error) : t('thread.loading')}</p>
      </section>
    )
  }

  return (
    <section className="thread-pane" aria-labelledby="thread-subject" data-testid="thread-view" ref={paneRef}>
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
        <ThreadMailActions
          key={threadId}
          messages={messages}
          folders={folders.data ?? NO_FOLDERS}
          archived={compose.archived}
        />
      </div>
      {error ? (
        <p className="thread-pane__error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      <div className="thread-pane__messages" data-testid="conversation-timeline">
        {rows.map((row) => {
          if (row.kind === 'message') {
            const id = row.item.message.id
            return (
              <MessageView
                key={row.key}
                message={row.item.message}
                folders={folders.data ?? NO_FOLDERS}
                expanded={row.expanded}
                onToggle={() => fold.toggle(id)}
                compose={compose}
              />
            )
          }
          if (row.kind === 'entry')
            return <TimelineEntryView key={row.key} entry={row.item.entry} people={people} />
          return (
            <div key={row.key} className="message-fold-row">
              <button
                type="button"
                className="message-fold"
                aria-expanded={false}
                onClick={() => fold.reveal(row.messageIds)}
                data-testid="older-messages"
              >
                {t('thread.olderMessages', { count: row.messageIds.length })}
              </button>
              {/* Folded messages still count their find matches (one with a match unfolds). */}
              {row.messageIds.map((messageId) => {
                const message = messages.find((m) => m.id === messageId)
                return message ? <CollapsedFindCount key={messageId} message={message} /> : null
              })}
            </div>
          )
        })}
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
      {(mode === 'reply' || !c) && compose.archived ? (
        // Nothing can be sent from a read-only archive: said here, before anything is written.
        <p className="archived-reply-note" role="note" data-testid="archived-reply-note">
          {t('composer.archivedReply')}
        </p>
      ) : mode === 'reply' || !c ? (
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

/**
 * Once, when the conversation has loaded: brings its first unread message (the newest when all
 * were read) to the top of the pane, as mail clients do, unless it is in view near the top
 * already. Not when the conversation opens with find words (a search hit): find shows the match.
 */
function useScrollToFirstUnread(
  paneRef: React.RefObject<HTMLElement | null>,
  opened: { unread: ReadonlySet<number>; newest: number | null } | null
): void {
  const done = useRef(false)
  useLayoutEffect(() => {
    const pane = paneRef.current
    if (done.current || !opened || !pane) return
    done.current = true
    if (isFindable(foldNeedle(useFindStore.getState().query))) return
    const rows = [...pane.querySelectorAll<HTMLElement>('[data-testid="message"]')]
    const target =
      rows.find((row) => opened.unread.has(Number(row.dataset.messageId))) ??
      rows.find((row) => Number(row.dataset.messageId) === opened.newest)
    if (!target) return
    const offset = target.getBoundingClientRect().top - pane.getBoundingClientRect().top
    if (offset <= pane.clientHeight / 3) return
    // Under the find bar and conversation actions, which stick to the top of the pane.
    const tools = pane.querySelector<HTMLElement>('.thread-pane__tools')?.offsetHeight ?? 0
    pane.scrollTop += offset - tools - 12
  }, [paneRef, opened])
}
