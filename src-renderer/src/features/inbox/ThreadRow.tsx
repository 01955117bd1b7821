import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { ThreadSummary } from '../../../../src-preload/contract'
import { PaperclipIcon } from '../../components/icons'
import { formatFullDate, formatListDate } from '../../i18n/format'

type Props = {
  thread: ThreadSummary
  selected: boolean
  open: boolean
  position: number
  setSize: number | undefined
  style: CSSProperties
  onClick: () => void
}

export function threadRowId(threadId: number): string {
  return `thread-row-${threadId}`
}

/** One conversation in the list: sender, subject, snippet, date, unread, count, attachments. */
export function ThreadRow({ thread, selected, open, position, setSize, style, onClick }: Props) {
  const { t, i18n } = useTranslation()
  const unread = thread.unreadCount > 0
  const sender = thread.lastFrom?.name || thread.lastFrom?.address || t('inbox.unknownSender')
  const subject = thread.subject || t('inbox.noSubject')
  const fullDate = formatFullDate(thread.lastMessageAt, i18n.language)

  // Screen readers get one sentence with everything the eye gets from the layout.
  const label = [
    unread ? t('inbox.row.unread') : null,
    t('inbox.row.from', { name: sender }),
    subject,
    thread.messageCount > 1 ? t('inbox.row.messages', { count: thread.messageCount }) : null,
    thread.hasAttachments ? t('inbox.row.attachments') : null,
    fullDate
  ]
    .filter(Boolean)
    .join(', ')

  const classes = ['thread-row', unread && 'is-unread', selected && 'is-selected', open && 'is-open']
  return (
    <div
      id={threadRowId(thread.id)}
      role="option"
      aria-selected={selected}
      aria-label={label}
      aria-posinset={position}
      aria-setsize={setSize ?? -1}
      className={classes.filter(Boolean).join(' ')}
      style={style}
      onClick={onClick}
      data-testid="thread-row"
      data-thread-id={thread.id}
      data-unread={unread}
    >
      <span className="thread-row__dot" aria-hidden="true" />
      <div className="thread-row__top">
        <span className="thread-row__from">{sender}</span>
        {thread.messageCount > 1 ? <span className="thread-row__count">{thread.messageCount}</span> : null}
        <time className="thread-row__date" dateTime={thread.lastMessageAt} title={fullDate}>
          {formatListDate(thread.lastMessageAt, i18n.language)}
        </time>
      </div>
      <div className="thread-row__subject">
        <span className="thread-row__subject-text">{subject}</span>
        {thread.hasAttachments ? <PaperclipIcon /> : null}
      </div>
      <div className="thread-row__snippet">{thread.snippet}</div>
    </div>
  )
}
