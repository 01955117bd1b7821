// The reading pane: the open thread's messages, oldest first, with the reply box under them.
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { MessageDetail } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'
import { ReplyBox } from '../composer/ReplyBox'
import { useErrorMessage } from '../../i18n/error-message'
import { useUiStore } from '../../store/ui-store'
import { MessageView } from './MessageView'
import './thread.css'

const TABLES = ['threads', 'messages']

export function ThreadPane() {
  const { t } = useTranslation()
  const openThreadId = useUiStore((state) => state.openThreadId)
  if (openThreadId === null) {
    return (
      <section className="thread-pane thread-pane--empty" aria-label={t('thread.paneLabel')}>
        <p>{t('thread.nothingOpen')}</p>
        <p className="thread-pane__hint">{t('thread.keyboardHint')}</p>
      </section>
    )
  }
  // Keyed, so per-thread state (scroll, mark-read bookkeeping) starts fresh for each thread.
  return <ThreadView key={openThreadId} threadId={openThreadId} />
}

function oldestFirst(messages: MessageDetail[]): MessageDetail[] {
  return [...messages].sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.id - b.id)
}

/** Marks the thread read while it is shown, once per new message count (no loops). */
function useMarkRead(threadId: number, unreadCount: number | undefined, messageCount: number | undefined) {
  const markedAt = useRef<number | null>(null)
  useEffect(() => {
    if (!unreadCount || messageCount === undefined || markedAt.current === messageCount) return
    markedAt.current = messageCount
    void callCommand('threads.markRead', { threadId })
  }, [threadId, unreadCount, messageCount])
}

function ThreadView({ threadId }: { threadId: number }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const query = useQuery('threads.get', { threadId }, TABLES)
  const thread = query.data?.thread
  const messages = useMemo(() => oldestFirst(query.data?.messages ?? []), [query.data])
  useMarkRead(threadId, thread?.unreadCount, thread?.messageCount)

  // Once, when the thread first appears: if the newest message starts below the fold, scroll
  // it to the top, so long threads open where the conversation is now.
  const paneRef = useRef<HTMLElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const scrolled = useRef(false)
  useEffect(() => {
    const pane = paneRef.current
    const last = listRef.current?.lastElementChild
    if (scrolled.current || !pane || !last) return
    scrolled.current = true
    if (last.getBoundingClientRect().top > pane.getBoundingClientRect().bottom - 120) {
      last.scrollIntoView({ block: 'start' })
    }
  }, [messages.length])

  if (!thread) {
    return (
      <section className="thread-pane thread-pane--empty" aria-label={t('thread.paneLabel')}>
        <p role={query.error ? 'alert' : 'status'}>
          {query.error ? describeError(query.error) : t('thread.loading')}
        </p>
      </section>
    )
  }

  return (
    <section className="thread-pane" aria-labelledby="thread-subject" data-testid="thread-view" ref={paneRef}>
      <header className="thread-pane__header">
        <h1 id="thread-subject">{thread.subject || t('inbox.noSubject')}</h1>
        <p className="thread-pane__meta">{t('thread.messageCount', { count: thread.messageCount })}</p>
      </header>
      {query.error ? (
        <p className="thread-pane__error" role="alert">
          {describeError(query.error)}
        </p>
      ) : null}
      <div className="thread-pane__messages" ref={listRef}>
        {messages.map((message) => (
          <MessageView key={message.id} message={message} />
        ))}
      </div>
      <ReplyBox thread={thread} messages={messages} />
    </section>
  )
}
