// The snooze or assign menu for one conversation, shown where it was opened (a row's quick
// action or "s"/"a" in the list, or the thread header). An action's error stays visible here.
import { useTranslation } from 'react-i18next'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { useCrmStore } from '../../store/crm-store'
import { usePeople } from '../people/use-members'
import { AssignMenu } from './AssignMenu'
import { SnoozeMenu } from './SnoozeMenu'
import type { ConversationActions } from './use-conversation-actions'

type Props = { source: 'list' | 'thread'; actions: ConversationActions }

export function ConversationMenus({ source, actions }: Props) {
  const menu = useCrmStore((state) => state.menu)
  const setMenu = useCrmStore((state) => state.setMenu)
  const active = menu && menu.source === source ? menu : null
  const conversation = useQuery(
    'conversations.get',
    active ? { conversationId: active.conversationId } : null,
    ['conversations']
  )
  const people = usePeople()
  if (!active) return null
  const close = () => setMenu(null)
  const id = active.conversationId
  return (
    <div className={`action-menu action-menu--${source}`}>
      {active.kind === 'snooze' ? (
        <SnoozeMenu
          onClose={close}
          onChoose={(choice) => void actions.snooze(id, choice).then((ok) => ok && close())}
        />
      ) : (
        <AssignMenu
          people={people}
          current={conversation.data}
          onClose={close}
          onAssign={(to) => void actions.assign(id, to).then((ok) => ok && close())}
        />
      )}
    </div>
  )
}

/** The last action's error, where the action was taken. */
export function ActionError({ actions }: { actions: ConversationActions }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  if (!actions.error) return null
  return (
    <p className="action-error" role="alert" data-testid="action-error">
      {describeError(actions.error)}
      <button type="button" className="link-button" onClick={actions.clearError}>
        {t('crm.dismiss')}
      </button>
    </p>
  )
}
