// "Updating the search index… 45%": shown with the sync status while the search index of a
// workspace indexed by an older Rapport is rebuilt in the background, gone when it is done.
// Search works meanwhile; mail not reached yet is found as the older Rapport indexed it.
import { useTranslation } from 'react-i18next'
import { ProgressBar } from '../../components/ProgressBar'
import { formatNumber } from '../../i18n/format'
import { useSearchIndexStatus } from './use-search-index-status'

export function SearchIndexProgress() {
  const { t, i18n } = useTranslation()
  const status = useSearchIndexStatus()
  if (!status?.rebuilding) return null
  const share = status.total > 0 ? Math.min(1, status.done / status.total) : 0
  // Whole percents, rounded down: 100 % only once it is done (and then this is gone).
  const percent = formatNumber(Math.floor(share * 100) / 100, i18n.language, {
    style: 'percent',
    maximumFractionDigits: 0
  })
  const label = t('sync.searchIndex', { percent })
  return (
    <div className="import-progress" data-testid="search-index-progress">
      <div className="import-progress__item">
        <p className="import-progress__label">{label}</p>
        {/* Not counted yet (total 0), it is under way all the same: not a full bar beside "0 %". */}
        <ProgressBar label={label} value={status.total > 0 ? status.done : null} max={status.total} />
      </div>
    </div>
  )
}
