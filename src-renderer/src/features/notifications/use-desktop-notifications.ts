// Shows a desktop notification for each `notification` event (a mention, a snooze that woke),
// through the web Notification API: Electron maps it to the OS, a browser shows its own. Only
// when the user granted permission; we never ask unprompted.
import { useTranslation } from 'react-i18next'
import { useRapportEvent } from '../../api/use-rapport-event'

export function desktopNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window
}

export function useDesktopNotifications(onClick: (conversationId: string | null) => void): void {
  const { t } = useTranslation()
  useRapportEvent('notification', (notification) => {
    if (!desktopNotificationsSupported() || Notification.permission !== 'granted') return
    const shown = new Notification(t(`crm.notifications.kind.${notification.kind}`), {
      body: notification.text,
      tag: notification.id
    })
    shown.onclick = () => {
      window.focus()
      onClick(notification.conversationId)
    }
  })
}
