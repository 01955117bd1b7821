// Pops up the local user's new notifications (a mention, a snooze that woke) on the desktop,
// through the web Notification API: Electron maps it to the OS, a browser shows its own. Only
// when the user granted permission; we never ask unprompted.
//
// What to show comes from notifications.announce, not from the `notification` event: the core
// hands each notification to one window once, so one created while no window was open (a snooze
// that ran out while Rapport was closed, a mention made from the CLI) pops up when this window
// starts, and one that two windows heard pops up in only one of them.
import { useCallback, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { callCommand } from '../../api/call-command'
import { useRapportEvent } from '../../api/use-rapport-event'
import { notificationText } from './notification-text'

export function desktopNotificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window
}

export function useDesktopNotifications(onClick: (conversationId: string | null) => void): void {
  const { t } = useTranslation()
  const latest = useRef({ t, onClick })
  useEffect(() => {
    latest.current = { t, onClick }
  })
  const announce = useCallback(async () => {
    // Without permission nothing is taken: another window (a browser tab allowed to) may show it.
    if (!desktopNotificationsSupported() || Notification.permission !== 'granted') return
    const response = await callCommand('notifications.announce', {})
    if (!response.ok) return
    // Oldest first on screen, so the newest ends on top.
    for (const notification of [...response.value].reverse()) {
      const shown = new Notification(latest.current.t(`crm.notifications.kind.${notification.kind}`), {
        body: notificationText(notification, latest.current.t),
        tag: notification.id
      })
      shown.onclick = () => {
        window.focus()
        latest.current.onClick(notification.conversationId)
      }
    }
  }, [])
  useEffect(() => {
    void announce()
  }, [announce])
  useRapportEvent('notification', () => void announce())
  // The other workspace's notifications not shown yet pop up when it is shown.
  useRapportEvent('workspace.switched', () => void announce())
}
