// Status filter, sort and the "Unreplied" toggle above the conversation list.
import { useTranslation } from 'react-i18next'
import { useCrmStore, type SortOrder, type StatusFilter } from '../../store/crm-store'

const STATUSES: StatusFilter[] = ['all', 'open', 'closed', 'snoozed']
const SORTS: SortOrder[] = ['newest', 'oldest', 'longest', 'shortest']

export function ConversationToolbar() {
  const { t } = useTranslation()
  const { status, sort, unreplied, setStatus, setSort, setUnreplied } = useCrmStore()
  return (
    <div className="conversation-toolbar" role="toolbar" aria-label={t('crm.toolbar.label')}>
      <label className="conversation-toolbar__field">
        <span className="visually-hidden">{t('crm.toolbar.status')}</span>
        <select
          value={status}
          data-testid="status-filter"
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
        >
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`crm.filter.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="conversation-toolbar__field">
        <span className="visually-hidden">{t('crm.toolbar.sort')}</span>
        <select
          value={sort}
          data-testid="sort-order"
          onChange={(event) => setSort(event.target.value as SortOrder)}
        >
          {SORTS.map((value) => (
            <option key={value} value={value}>
              {t(`crm.sort.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="conversation-toolbar__toggle">
        <input
          type="checkbox"
          checked={unreplied}
          data-testid="unreplied-toggle"
          onChange={(event) => setUnreplied(event.target.checked)}
        />
        {t('crm.toolbar.unreplied')}
      </label>
    </div>
  )
}
