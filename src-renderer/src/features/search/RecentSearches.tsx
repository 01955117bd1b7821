// The dropdown under an empty search bar: the last searches, newest first, kept by the core.
import { useTranslation } from 'react-i18next'
import type { RecentSearch } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'

type Props = { onPick: (recent: RecentSearch) => void }

export function RecentSearches({ onPick }: Props) {
  const { t } = useTranslation()
  const recent = useQuery('search.recent', {}, ['recent_searches'])
  const list = recent.data ?? []
  if (list.length === 0) return null
  return (
    <div className="search-panel search-recent" data-testid="recent-searches">
      <div className="search-recent__header">
        <span id="search-recent-title">{t('search.recent.title')}</span>
        <button
          type="button"
          className="search-recent__clear"
          onClick={() => void callCommand('search.clearRecent', {})}
          data-testid="recent-searches-clear"
        >
          {t('search.recent.clear')}
        </button>
      </div>
      <ul className="search-results" aria-labelledby="search-recent-title">
        {list.map((item) => (
          <li key={item.query}>
            <button
              type="button"
              className="search-result search-result--recent"
              onClick={() => onPick(item)}
              data-testid="recent-search"
            >
              <span className="search-result__title">{item.query}</span>
              <span className="search-result__meta">{t(`search.tabs.${item.kind}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
