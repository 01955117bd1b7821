// Synced folders the server would not open at the last pass (no right to read them, in a shared
// mailbox): the other folders sync on, and this says which are left out, in the server's words,
// and what the user can do about it.
import { useTranslation } from 'react-i18next'
import { useQuery } from '../../api/use-query'

/** `accountIds`: the syncing accounts whose last pass was refused a folder (sync.status). */
export function RefusedFolders({ accountIds }: { accountIds: number[] }) {
  const { t } = useTranslation()
  const wanted = accountIds.length > 0
  const folders = useQuery('folders.list', wanted ? {} : null, ['folders'])
  const accounts = useQuery('accounts.list', wanted ? {} : null, ['accounts'])
  // A disconnected (archived) mailbox is not synced, so what its server refused is past.
  const refused = (folders.data ?? []).filter((f) => accountIds.includes(f.accountId) && f.openError !== null)
  if (!wanted || refused.length === 0) return null
  const emailOf = (accountId: number) => accounts.data?.find((a) => a.id === accountId)?.email ?? ''
  const several = new Set(refused.map((f) => f.accountId)).size > 1

  return (
    <details className="unstored-messages" data-testid="sync-refused-folders">
      <summary className="sync-status__error">{t('sync.refusedFolders', { count: refused.length })}</summary>
      <p className="failed-changes__meta">{t('sync.refusedFoldersHelp')}</p>
      <ul className="failed-changes__list">
        {refused.map((folder) => (
          <li key={folder.id} className="failed-changes__item" data-testid="refused-folder">
            <span className="failed-changes__what">
              {several ? `${folder.path} · ${emailOf(folder.accountId)}` : folder.path}
            </span>
            <span className="failed-changes__meta">
              {t('sync.refusedFolderReason', { reason: folder.openError })}
            </span>
          </li>
        ))}
      </ul>
    </details>
  )
}
