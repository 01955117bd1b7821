import { useTranslation } from 'react-i18next'
import type { SyncProgress } from '../../../../src-preload/contract'
import { ProgressBar } from '../../components/ProgressBar'
import { useSyncProgress } from './use-sync-progress'

/** One bar per account being imported: "Importing INBOX: 120 / 500". */
export function ImportProgress() {
  const progress = useSyncProgress()
  if (progress.length === 0) return null
  return (
    <div className="import-progress" data-testid="import-progress">
      {progress.map((item) => (
        <ImportProgressItem key={item.accountId} progress={item} />
      ))}
    </div>
  )
}

function ImportProgressItem({ progress }: { progress: SyncProgress }) {
  const { t } = useTranslation()
  const counting = progress.phase === 'fetching' || progress.phase === 'done'
  const label = counting
    ? t('sync.progress.importing', {
        folder: progress.folder,
        done: progress.done,
        total: progress.total
      })
    : t(`sync.progress.${progress.phase}`, { folder: progress.folder })
  return (
    <div className="import-progress__item">
      <p className="import-progress__label">{label}</p>
      <ProgressBar label={label} value={counting ? progress.done : null} max={progress.total} />
    </div>
  )
}
