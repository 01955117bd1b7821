import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationSummary } from '../../../../src-preload/contract'
import { Avatar } from '../../components/Avatar'
import { ServerDeletionMark, serverDeletionText } from '../../components/ServerDeletionMark'
import { formatFullDate, formatListDate, formatNumber } from '../../i18n/format'
import { useToday } from '../../i18n/use-today'
import type { People } from '../people/use-members'
import type { ConversationActions } from './use-conversation-actions'
import { useCrmStore } from '../../store/crm-store'

type Props = {
  conversation: ConversationSummary
  mailbox: string
  people: People
  actions: ConversationActions
  selected: boolean
  open: boolean
  position: number
  setSize: number | undefined
  style: CSSProperties
  onClick: () => void
}

export function conversationRowId(id: string): string {
  return `conversation-row-${id}`
}

/** One conversation: contact, subject, status, mailbox, unread, last time with in/out, assignee. */
export function ConversationRow(props: Props) {
  const { conversation: c, mailbox, people, actions, selected, open, style, onClick } = props
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  const setMenu = useCrmStore((state) => state.setMenu)
  const unread = c.unreadCount > 0
  const subject = c.subject || t('inbox.noSubject')
  // Without a contact (mass mail is logged to none), whoever wrote it, as any mail client shows.
  const name = c.contactName || c.sender || t('inbox.unknownSender')
  const assignee = c.assigneeId ? people.byId.get(c.assigneeId) : undefined
  const fullDate = formatFullDate(c.lastMessageAt, i18n.language)
  const direction = c.lastDirection === 'out' ? t('crm.row.outgoing') : t('crm.row.incoming')
  const onServer = c.lastMessageOnServer

  const label = [
    unread ? t('crm.row.unread', { count: c.unreadCount }) : null,
    name,
    subject,
    t(`crm.status.${c.status}`),
    mailbox,
    c.lastDirection ? direction : null,
    onServer ? serverDeletionText(t, onServer, 'latest') : null,
    fullDate,
    assignee ? t('crm.row.assignedTo', { name: assignee.name }) : t('crm.row.unassigned')
  ]
    .filter(Boolean)
    .join(', ')

  // Quick actions: stopPropagation so acting on a row does not also open it.
  const quick = (event: React.MouseEvent, act: () => void) => {
    event.stopPropagation()
    act()
  }
  const classes = [
    'thread-row',
    'conversation-row',
    unread && 'is-unread',
    selected && 'is-selected',
    open && 'is-open'
  ]
  return (
    <div
      id={conversationRowId(c.id)}
      role="option"
      aria-selected={selected}
      aria-label={label}
      aria-posinset={props.position}
      aria-setsize={props.setSize ?? -1}
      className={classes.filter(Boolean).join(' ')}
      style={style}
      onClick={onClick}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      data-status={c.status}
      data-unread={unread}
    >
      <span className="thread-row__dot" aria-hidden="true" />
      <div className="thread-row__top">
        <span className="thread-row__from">{name}</span>
        {unread ? (
          <span className="conversation-row__unread">{formatNumber(c.unreadCount, i18n.language)}</span>
        ) : null}
        <ServerDeletionMark state={onServer} scope="latest" />
        <time className="thread-row__date" dateTime={c.lastMessageAt} title={fullDate}>
          {c.lastDirection ? (
            <span className="conversation-row__direction" aria-hidden="true" title={direction}>
              {c.lastDirection === 'out' ? '↗' : '↙'}
            </span>
          ) : null}
          {formatListDate(c.lastMessageAt, i18n.language)}
        </time>
      </div>
      <div className="thread-row__subject">
        <span className="thread-row__subject-text">{subject}</span>
      </div>
      <div className="conversation-row__meta">
        <span className={`status-badge status-badge--${c.status}`} data-testid="conversation-status">
          {t(`crm.status.${c.status}`)}
        </span>
        <span className="conversation-row__mailbox">{mailbox}</span>
        <span className="conversation-row__assignee">
          {assignee ? <Avatar name={assignee.name || assignee.email} small /> : null}
        </span>
      </div>
      <div className="conversation-row__quick" role="group" aria-label={t('crm.row.quickActions')}>
        {c.status === 'open' ? (
          <button
            type="button"
            data-testid="quick-close"
            onClick={(e) => quick(e, () => void actions.close(c.id))}
          >
            {t('crm.action.close')}
          </button>
        ) : (
          <button
            type="button"
            data-testid="quick-open"
            onClick={(e) =>
              quick(e, () => void (c.status === 'snoozed' ? actions.unsnooze(c.id) : actions.open(c.id)))
            }
          >
            {c.status === 'snoozed' ? t('crm.action.unsnooze') : t('crm.action.open')}
          </button>
        )}
        <button
          type="button"
          data-testid="quick-snooze"
          onClick={(e) => quick(e, () => setMenu({ kind: 'snooze', conversationId: c.id, source: 'list' }))}
        >
          {t('crm.action.snooze')}
        </button>
        <button
          type="button"
          data-testid="quick-assign"
          onClick={(e) => quick(e, () => setMenu({ kind: 'assign', conversationId: c.id, source: 'list' }))}
        >
          {t('crm.action.assign')}
        </button>
      </div>
    </div>
  )
}
