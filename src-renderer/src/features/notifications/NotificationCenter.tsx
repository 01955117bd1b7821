// The bell in the sidebar and the notification centre it opens: mentions and woken snoozes,
// newest first; opening one marks it read and shows its conversation.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { notificationText } from './notification-text'
import type { Notification as RapportNotification } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { formatFullDate, formatNumber } from '../../i18n/format'
import { useCrmStore } from '../../store/crm-store'
import { useTopLayerEscape } from '../../components/use-top-layer-escape'
import { desktopNotificationsSupported, useDesktopNotifications } from './use-desktop-notifications'
import './notifications.css'

const TABLES = ['notifications']

/** Opens a conversation known only by id (its thread is looked up first). */
async function showConversation(conversationId: string): Promise<void> {
  const response = await callCommand('conversations.get', { conversationId })
  if (response.ok) useCrmStore.getState().openConversation(conversationId, response.value.threadId)
}

export function NotificationBell() {
  const { t, i18n } = useTranslation()
  const panel = useCrmStore((state) => state.panel)
  const setPanel = useCrmStore((state) => state.setPanel)
  const list = useQuery('notifications.list', {}, TABLES)
  // Counted by the core: the list stops at the newest 200.
  const unread = useQuery('notifications.unreadCount', {}, TABLES).data?.unread ?? 0
  useDesktopNotifications((conversationId) => conversationId && void showConversation(conversationId))
  const bellRef = useRef<HTMLButtonElement>(null)
  const close = () => {
    setPanel(null)
    bellRef.current?.focus()
  }
  return (
    <>
      <button
        ref={bellRef}
        type="button"
        className={`sidebar__tool ${panel === 'notifications' ? 'is-current' : ''}`}
        aria-expanded={panel === 'notifications'}
        data-testid="notifications-open"
        onClick={() => setPanel('notifications')}
      >
        {t('crm.notifications.title')}
        {unread > 0 ? (
          <span className="inbox-nav__count inbox-nav__count--alert" data-testid="notifications-unread">
            {formatNumber(unread, i18n.language)}
          </span>
        ) : null}
      </button>
      {panel === 'notifications' ? (
        <NotificationPanel items={list.data ?? []} error={list.error} onClose={close} />
      ) : null}
    </>
  )
}

function NotificationPanel({
  items,
  error,
  onClose
}: {
  items: RapportNotification[]
  error: ReturnType<typeof useQuery>['error']
  /** Closes the panel and gives focus back to the bell. */
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const setPanel = useCrmStore((state) => state.setPanel)
  const markAll = useMutation('notifications.markRead')
  const [permission, setPermission] = useState(() =>
    desktopNotificationsSupported() ? Notification.permission : 'denied'
  )
  const ref = useRef<HTMLElement>(null)
  // Keyboard users land in the panel when it opens, and Escape closes it (only it: it is on
  // top of any drawer).
  useTopLayerEscape(onClose)
  useEffect(() => ref.current?.focus(), [])

  const open = (n: RapportNotification) => {
    if (!n.read) void callCommand('notifications.markRead', { ids: [n.id] })
    if (n.conversationId) void showConversation(n.conversationId)
    setPanel(null)
  }
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="notification-panel"
      role="dialog"
      aria-labelledby="notifications-title"
      data-testid="notification-center"
    >
      <header>
        <h2 id="notifications-title">{t('crm.notifications.title')}</h2>
        <button
          type="button"
          className="link-button"
          onClick={() => void markAll.run({})}
          disabled={markAll.pending}
        >
          {t('crm.notifications.markAll')}
        </button>
      </header>
      {permission === 'default' ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => void Notification.requestPermission().then(setPermission)}
        >
          {t('crm.notifications.enableDesktop')}
        </button>
      ) : null}
      {(error ?? markAll.error) ? (
        <p className="field__error" role="alert">
          {describeError((error ?? markAll.error)!)}
        </p>
      ) : null}
      {items.length === 0 ? <p className="drawer-list__detail">{t('crm.notifications.empty')}</p> : null}
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={`notification ${n.read ? '' : 'is-unread'}`}
              data-testid="notification"
              data-kind={n.kind}
              onClick={() => open(n)}
            >
              <strong>{t(`crm.notifications.kind.${n.kind}`)}</strong>
              <span>{notificationText(n, t)}</span>
              <time dateTime={n.at}>{formatFullDate(n.at, i18n.language)}</time>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
