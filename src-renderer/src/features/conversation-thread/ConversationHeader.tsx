// The conversation's header: subject, contact (opens the drawer), status, assignee, and the
// close/open, snooze and assign actions.
import { useTranslation } from 'react-i18next'
import type { ConversationSummary } from '../../../../src-preload/contract'
import { Avatar } from '../../components/Avatar'
import { formatDuration, formatFullDate } from '../../i18n/format'
import { useCrmStore } from '../../store/crm-store'
import { ActionError, ConversationMenus } from '../conversations/ConversationMenus'
import type { ConversationActions } from '../conversations/use-conversation-actions'
import type { People } from '../people/use-members'

type Props = {
  conversation: ConversationSummary
  people: People
  actions: ConversationActions
  messageCount: number
}

export function ConversationHeader({ conversation: c, people, actions, messageCount }: Props) {
  const { t, i18n } = useTranslation()
  const openContact = useCrmStore((state) => state.openContact)
  const setMenu = useCrmStore((state) => state.setMenu)
  const assignee = c.assigneeId ? people.byId.get(c.assigneeId) : undefined
  const menu = (kind: 'snooze' | 'assign') => setMenu({ kind, conversationId: c.id, source: 'thread' })
  return (
    <header className="thread-pane__header conversation-header">
      <h1 id="thread-subject">{c.subject || t('inbox.noSubject')}</h1>
      <div className="conversation-header__meta">
        {c.contactId ? (
          <button
            type="button"
            className="link-button"
            data-testid="contact-open"
            onClick={() => openContact(c.contactId)}
          >
            {c.contactName || c.sender || t('inbox.unknownSender')}
          </button>
        ) : (
          <span>{c.sender}</span>
        )}
        <span className={`status-badge status-badge--${c.status}`} data-testid="thread-status">
          {t(`crm.status.${c.status}`)}
        </span>
        {c.status === 'snoozed' && c.snoozedUntil ? (
          <span className="thread-pane__meta">
            {t('crm.snooze.until', { time: formatFullDate(c.snoozedUntil, i18n.language) })}
          </span>
        ) : null}
        <span className="thread-pane__meta">{t('thread.messageCount', { count: messageCount })}</span>
        <span className="thread-pane__meta" data-testid="thread-durations">
          {timeInStatuses(c)
            .map(([status, ms]) => t(`crm.durations.${status}`, { time: formatDuration(ms, i18n.language) }))
            .join(' · ')}
        </span>
      </div>
      <div className="conversation-header__actions">
        <span className="conversation-header__assignee" data-testid="thread-assignee">
          {assignee ? <Avatar name={assignee.name || assignee.email} small /> : null}
          {assignee ? assignee.name : t('crm.row.unassigned')}
        </span>
        {c.status === 'open' ? (
          <button
            type="button"
            className="button button--small"
            data-testid="thread-close"
            onClick={() => void actions.close(c.id)}
          >
            {t('crm.action.close')}
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            data-testid="thread-reopen"
            onClick={() => void (c.status === 'snoozed' ? actions.unsnooze(c.id) : actions.open(c.id))}
          >
            {c.status === 'snoozed' ? t('crm.action.unsnooze') : t('crm.action.open')}
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          data-testid="thread-snooze"
          onClick={() => menu('snooze')}
        >
          {t('crm.action.snooze')}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="thread-assign"
          onClick={() => menu('assign')}
        >
          {t('crm.action.assign')}
        </button>
      </div>
      <ConversationMenus source="thread" actions={actions} />
      <ActionError actions={actions} />
    </header>
  )
}

/** Time in each status: the current one always, the others once they add up to a minute. */
function timeInStatuses(c: ConversationSummary): Array<[ConversationSummary['status'], number]> {
  const all: Array<[ConversationSummary['status'], number]> = [
    ['open', c.durations.openMs],
    ['closed', c.durations.closedMs],
    ['snoozed', c.durations.snoozedMs]
  ]
  return all.filter(([status, ms]) => status === c.status || ms >= 60_000)
}
