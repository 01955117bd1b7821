// Whom an Outbox message goes to, To, Cc and Bcc each named as such: the envelope alone, all
// called "To", showed the blind copies as if every recipient could see them.
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../../../src-preload/contract'

const FIELDS = ['to', 'cc', 'bcc'] as const

export function OutboxRecipients({ item, className }: { item: OutboxItem; className: string }) {
  const { t } = useTranslation()
  const lines = FIELDS.filter((field) => item[field].length > 0).map((field) =>
    t(`outbox.${field}`, { [field]: item[field].join(', ') })
  )
  return (
    <span className={className} data-testid="outbox-recipients">
      {lines.join(' · ')}
    </span>
  )
}
