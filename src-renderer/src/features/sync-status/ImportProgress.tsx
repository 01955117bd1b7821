import { useTranslation } from 'react-i18next'
import type { Account, SyncProgress } from '../../../../src-preload/contract'
import { ProgressBar } from '../../components/ProgressBar'
import { useSyncProgress } from './use-sync-progress'

/**
 * One bar per account being imported: "Importing INBOX: 120 / 500", and while an import is under
 * way one for the whole account above it: "All folders: 420 / 2,000 (folder 1 of 6)". With more
 * than one mailbox, each account's bars are headed by its name, and the bars are named with it:
 * two imports side by side both say "Importing INBOX".
 */
export function ImportProgress({ mailboxes }: { mailboxes: Account[] }) {
  const progress = useSyncProgress()
  if (progress.length === 0) return null
  const nameOf = (accountId: number) => {
    if (mailboxes.length < 2) return null
    const account = mailboxes.find((a) => a.id === accountId)
    return account ? account.displayName || account.email : null
  }
  return (
    <div className="import-progress" data-testid="import-progress">
      {progress.map((item) => (
        <ImportProgressItem key={item.accountId} progress={item} mailbox={nameOf(item.accountId)} />
      ))}
    </div>
  )
}

function ImportProgressItem({ progress, mailbox }: { progress: SyncProgress; mailbox: string | null }) {
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
  // A bar is read alone (by a screen reader, or found by name): it names its mailbox itself.
  const barLabel = (text: string) =>
    mailbox ? t('sync.progress.ofMailbox', { mailbox, progress: text }) : text
  return (
    <div
      className="import-progress__item"
      data-testid="import-progress-item"
      data-account-id={progress.accountId}
    >
      {mailbox ? (
        <p className="import-progress__mailbox" data-testid="import-progress-mailbox" title={mailbox}>
          {mailbox}
        </p>
      ) : null}
      {overallLabel && overall && (
        <>
          <p className="import-progress__label" data-testid="import-progress-overall">
            {overallLabel}
          </p>
          <ProgressBar label={barLabel(overallLabel)} value={overall.done} max={overall.total} />
        </>
      )}
      <p className="import-progress__label">{label}</p>
      <ProgressBar label={barLabel(label)} value={counting ? progress.done : null} max={progress.total} />
    </div>
  )
}
