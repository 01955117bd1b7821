// Every inbox the user may see, with open counts and new-message dots, kept live.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Inbox } from '../../../../src-preload/contract'
import { INBOX_TABLES as TABLES } from '../../api/first-screen'
import { useQuery, type QueryResult } from '../../api/use-query'
import { sortByName } from '../../i18n/name-order'

export function useInboxes(): QueryResult<Inbox[]> {
  const { i18n } = useTranslation()
  const query = useQuery('inboxes.list', {}, TABLES)
  const data = useMemo(
    () => query.data && inNameOrder(query.data, i18n.language),
    [query.data, i18n.language]
  )
  return { ...query, data }
}

/** Team and custom inboxes by name in the user's language, each group where the core puts it. */
function inNameOrder(list: Inbox[], language: string): Inbox[] {
  const named = (kind: Inbox['kind']) =>
    sortByName(
      list.filter((inbox) => inbox.kind === kind),
      language,
      (inbox) => inbox.name
    )
  const groups = new Map<Inbox['kind'], Inbox[]>([
    ['team', named('team')],
    ['custom', named('custom')]
  ])
  return list.map((inbox) => groups.get(inbox.kind)?.shift() ?? inbox)
}

/**
 * Standard inboxes have translated names; team and custom inboxes keep the name they were given,
 * and a mailbox's inbox is named by its mailbox (display name, else address).
 */
export function useInboxName(): (inbox: Inbox | undefined) => string {
  const { t } = useTranslation()
  return (inbox) => {
    if (!inbox) return t('crm.inbox.all')
    return inbox.kind === 'team' || inbox.kind === 'custom' || inbox.kind === 'account'
      ? inbox.name
      : t(`crm.inbox.${inbox.kind}`)
  }
}
