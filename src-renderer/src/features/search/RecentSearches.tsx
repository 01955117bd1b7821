// The dropdown under an empty search bar: the last searches, newest first, kept by the core. A list
// box like the results (ResultListbox): ArrowDown from the search box, the arrows or j/k, Home/End,
// and Enter runs the selected search.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RecentSearch } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { useQuery } from '../../api/use-query'
import { ResultListbox } from './ResultListbox'

type Props = { onPick: (recent: RecentSearch) => void }

export function RecentSearches({ onPick }: Props) {
  const { t } = useTranslation()
  const recent = useQuery('search.recent', {}, ['recent_searches'])
  const [selected, setSelected] = useState(-1)
  const list = recent.data ?? []
  if (list.length === 0) return null
  return (
    <div className="search-panel search-recent" data-testid="recent-searches">
      <div className="search-recent__header">
        <span>{t('search.recent.title')}</span>
        <button
          type="button"
          className="search-recent__clear"
          onClick={() => void callCommand('search.clearRecent', {})}
          data-testid="recent-searches-clear"
        >
          {t('search.recent.clear')}
        </button>
      </div>
      <ResultListbox
        items={list}
        label={t('search.recent.title')}
        selected={selected}
        onSelect={setSelected}
        onOpen={onPick}
        itemKey={(item) => item.query}
        testId="recent-search"
      >
        {(item) => (
          <>
            <span className="search-result__title">{item.query}</span>
            <span className="search-result__meta">{t(`search.tabs.${item.kind}`)}</span>
          </>
        )}
      </ResultListbox>
    </div>
  )
}
