import { useTranslation } from 'react-i18next'
import type { SyncProgress } from '../../../../src-preload/contract'
import { ProgressBar } from '../../components/ProgressBar'
import { useSyncProgress } from './use-sync-progress'

/**
 * One bar per account being imported: "Importing INBOX: 120 / 500", and while an import is under
 * way one for the whole account above it: "All folders: 420 / 2,000 (folder 1 of 6)".
 */
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
  const overall = progress.overall
  // The whole account next to the folder: a user importing six folders sees how far it all is.
  const overallLabel = overall
    ? t('sync.progress.overall', {
        done: overall.done,
        total: overall.total,
        folder: overall.folderNumber,
        folders: overall.folders
      })
    : null
  return (
    <div className="import-progress__item">
      {overallLabel && overall && (
        <>
          <p className="import-progress__label" data-testid="import-progress-overall">
            {overallLabel}
          </p>
          <ProgressBar label={overallLabel} value={overall.done} max={overall.total} />
        </>
      )}
      <p className="import-progress__label">{label}</p>
      <ProgressBar label={label} value={counting ? progress.done : null} max={progress.total} />
    </div>
  )
}
