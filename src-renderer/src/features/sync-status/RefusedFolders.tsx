// Synced folders the server would not open at the last pass (no right to read them, in a shared
// mailbox): the other folders sync on, and this says which are left out, in the server's words,
// and what the user can do about it.
import { useTranslation } from 'react-i18next'
import { useQuery } from '../../api/use-query'

export function RefusedFolders({ count }: { count: number }) {
  const { t } = useTranslation()
  const folders = useQuery('folders.list', count > 0 ? {} : null, ['folders'])
  const refused = (folders.data ?? []).filter((f) => f.syncEnabled && f.onServer && f.openError !== null)
  if (count === 0 || refused.length === 0) return null

  return (
    <details className="unstored-messages" data-testid="sync-refused-folders">
      <summary className="sync-status__error">{t('sync.refusedFolders', { count: refused.length })}</summary>
      <p className="failed-changes__meta">{t('sync.refusedFoldersHelp')}</p>
      <ul className="failed-changes__list">
        {refused.map((folder) => (
          <li key={folder.id} className="failed-changes__item" data-testid="refused-folder">
            <span className="failed-changes__what">{folder.path}</span>
            <span className="failed-changes__meta">
              {t('sync.refusedFolderReason', { reason: folder.openError })}
            </span>
          </li>
        ))}
      </ul>
    </details>
  )
}
