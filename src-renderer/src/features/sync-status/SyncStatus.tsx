// Always visible in the sidebar: is the mail current, is it syncing, or did it fail (and how
// to retry). "Sync now" runs every account in the background.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { formatTime } from '../../i18n/format'
import { useToday } from '../../i18n/use-today'
import { useErrorMessage } from '../../i18n/error-message'
import { ImportProgress } from './ImportProgress'
import { SignInAgain } from './SignInAgain'
import { RefusedFolders } from './RefusedFolders'
import { SearchIndexProgress } from './SearchIndexProgress'
import { UnstoredMessages } from './UnstoredMessages'
import { useSyncSummary } from './use-sync-states'
import { useSendsWaiting } from './use-sends-waiting'
import './sync-status.css'

export function SyncStatus() {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  const describeError = useErrorMessage()
  const summary = useSyncSummary()
  const syncRun = useMutation('sync.run')
  // With only disconnected (archived) mailboxes nothing syncs, but it is not sample data either.
  const accounts = useQuery('accounts.list', {}, ['accounts'])
  const archivedOnly = accounts.data?.some((a) => a.state === 'archived') ?? false
  const sendsWaiting = useSendsWaiting()

  // A Sync now that failed (pressed offline) is over once a later pass gets through: its error
  // no longer stands under "Up to date".
  const lastSyncAt = summary?.lastSyncAt
  const resetSyncRun = syncRun.reset
  useEffect(() => resetSyncRun(), [lastSyncAt, resetSyncRun])

  // Not awaited by the UI: progress and the outcome arrive as events.
  const runSync = (accountId?: number) => void syncRun.run(accountId ? { accountId } : {})

  const kind = summary?.kind ?? 'idle'
  const syncing = kind === 'syncing' || syncRun.pending
  // With more than one mailbox, which one the error (or "offline") is about.
  const mailboxes = accounts.data?.filter((a) => a.kind === 'mailbox') ?? []
  const failingEmail =
    kind === 'error' && !syncing && mailboxes.length > 1
      ? mailboxes.find((a) => a.id === summary?.errorAccountId)?.email
      : undefined
  let line: string
  if (syncing) line = t('sync.syncing')
  // Offline with nothing queued is plain "Offline": "0 changes waiting" read as if a message
  // waiting in the Outbox were not waiting.
  else if (kind === 'error' && summary?.offline)
    line =
      summary.pendingChanges > 0
        ? t('sync.offline', { count: summary.pendingChanges })
        : t('sync.offlineOnly')
  else if (kind === 'error' && summary?.error)
    line = t('sync.error', { message: describeError(summary.error) })
  else if (kind === 'up-to-date') line = t('sync.upToDate')
  else if (kind === 'nothing') line = t(archivedOnly ? 'sync.archivedOnly' : 'sync.nothingToSync')
  // Synced before, and between passes (e.g. just back online): not "never synced".
  else line = t(summary?.lastSyncAt ? 'sync.waiting' : 'sync.idle')

  return (
    <section
      className={`sync-status sync-status--${syncing ? 'syncing' : kind}`}
      data-testid="sync-status"
      // Focused (not tabbed to) when a sign-in-again form in it goes after its Enter.
      tabIndex={-1}
      data-offline={kind === 'error' && summary?.offline ? 'true' : undefined}
    >
      <h2 className="visually-hidden">{t('sync.heading')}</h2>
      <p className="sync-status__line" role="status">
        <span className="sync-status__dot" aria-hidden="true" />
        {line}
      </p>
      {failingEmail ? (
        <p className="sync-status__meta" data-testid="sync-failing-mailbox">
          {t('sync.failingMailbox', { email: failingEmail })}
        </p>
      ) : null}
      {kind === 'error' && !syncing && summary && summary.failures.length > 1 ? (
        <p className="sync-status__meta" data-testid="sync-more-failing">
          {t('sync.moreFailing', { count: summary.failures.length - 1 })}
        </p>
      ) : null}
      {summary?.lastSyncAt && !syncing ? (
        <p className="sync-status__meta">
          {t('sync.lastSync', { time: formatTime(summary.lastSyncAt, i18n.language) })}
        </p>
      ) : null}
      {/* Under any other error (sign in again, a refused certificate) the changes still wait: the
          count "offline" gives must not vanish as if they had reached the server. */}
      {kind === 'error' && !syncing && !summary?.offline && (summary?.pendingChanges ?? 0) > 0 ? (
        <p className="sync-status__meta" data-testid="sync-changes-waiting">
          {t('sync.changesWaiting', { count: summary?.pendingChanges ?? 0 })}
        </p>
      ) : null}
      {kind === 'error' && !syncing && summary?.offline && sendsWaiting > 0 ? (
        <p className="sync-status__meta" data-testid="sync-sends-waiting">
          {t('sync.sendsWaiting', { count: sendsWaiting })}
        </p>
      ) : null}
      {summary?.pushPaused && kind !== 'error' ? (
        <p className="sync-status__meta" data-testid="sync-push-paused">
          {t('sync.pushPaused')}
        </p>
      ) : null}
      <UnstoredMessages count={summary?.unstoredMessages ?? 0} />
      <RefusedFolders accountIds={summary?.refusedFolderAccounts ?? []} />
      {syncRun.error && !syncing && kind !== 'error' ? (
        <p className="sync-status__error" role="alert">
          {describeError(syncRun.error)}
        </p>
      ) : null}
      <div className="sync-status__actions">
        {kind === 'error' && !syncing ? (
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              runSync(summary && summary.failures.length === 1 ? summary.failures[0]!.accountId : undefined)
            }
          >
            {t('sync.retry')}
          </button>
        ) : null}
        {kind !== 'nothing' ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => runSync()}
            disabled={syncing}
            data-testid="sync-now"
          >
            {t('sync.now')}
          </button>
        ) : null}
      </div>
      {summary?.needSignIn.map((accountId) => (
        <SignInAgain key={accountId} accountId={accountId} />
      ))}
      <ImportProgress mailboxes={mailboxes} />
      <SearchIndexProgress />
    </section>
  )
}
