// The account's whole "sync older mail" above its folders: a user fetching six folders' older
// mail sees how far it all is, as the first import shows it (ImportProgress).
import { useTranslation } from 'react-i18next'
import type { BackfillStatus } from '../../../../src-preload/contract'
import { ProgressBar } from '../../components/ProgressBar'

export function BackfillOverall({ statuses }: { statuses: BackfillStatus[] }) {
  const { t } = useTranslation()
  // Every folder's status carries the same account-wide figure.
  const overall = statuses.find((s) => s.overall)?.overall
  // Nothing counted yet (waiting for sign-in, or its first batch): "0 / 0" would say nothing.
  if (!overall || overall.total === 0) return null
  const running = statuses.some((s) => s.state === 'running')
  const label = t(running ? 'accountSettings.backfill.overall' : 'accountSettings.backfill.overallPaused', {
    done: overall.done,
    total: overall.total,
    folder: overall.folderNumber,
    folders: overall.folders
  })
  return (
    <div className="backfill" data-testid="backfill-overall">
      <p className="backfill__text" data-testid="backfill-overall-text">
        {label}
      </p>
      <ProgressBar label={label} value={overall.done} max={overall.total} />
    </div>
  )
}
