// Every inbox the user may see, with open counts and new-message dots, kept live.
import { useTranslation } from 'react-i18next'
import type { Inbox } from '../../../../src-preload/contract'
import { INBOX_TABLES as TABLES } from '../../api/first-screen'
import { useQuery } from '../../api/use-query'

export function useInboxes() {
  return useQuery('inboxes.list', {}, TABLES)
}

/** Standard inboxes have translated names; team and custom inboxes keep the name they were given. */
export function useInboxName(): (inbox: Inbox | undefined) => string {
  const { t } = useTranslation()
  return (inbox) => {
    if (!inbox) return t('crm.inbox.all')
    return inbox.kind === 'team' || inbox.kind === 'custom' ? inbox.name : t(`crm.inbox.${inbox.kind}`)
  }
}
