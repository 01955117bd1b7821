// What a notification says, in the user's language: built from its params (the core keeps the
// values, not only its English sentence). A notification made before params were kept says its
// English text as it was.
import type { TFunction } from 'i18next'
import type { Notification } from '../../../../src-preload/contract'

export function notificationText(notification: Notification, t: TFunction): string {
  const { params } = notification
  if (!params) return notification.text
  if (notification.kind === 'snooze-woken' && params.status)
    return t('crm.notifications.text.woken', { status: t(`crm.status.${params.status}`) })
  if (notification.kind === 'mention' && params.excerpt !== undefined)
    return t('crm.notifications.text.mention', {
      author: params.author || t('crm.actor.user'),
      excerpt: params.excerpt
    })
  return notification.text
}
