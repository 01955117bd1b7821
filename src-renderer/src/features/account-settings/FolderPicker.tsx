// Which folders sync: every folder on the server with a checkbox, special folders named in the
// user's language, and "sync older mail" for each synced one.
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { useErrorMessage } from '../../i18n/error-message'
import { formatFolderPath } from '../../i18n/format'
import { BackfillControl } from './BackfillControl'
import { BackfillOverall } from './BackfillOverall'
import { useSpecialFolderLabel } from './folder-names'
import { useBackfill } from './use-backfill'

export function FolderPicker({ accountId, readOnly }: { accountId: number; readOnly: boolean }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const folders = useQuery('folders.list', { accountId }, ['folders'])
  const backfill = useBackfill(accountId)
  const setSync = useMutation('folders.setSync')

  const label = useSpecialFolderLabel()

  return (
    <fieldset className="account-settings__section" data-testid="folder-picker">
      <legend>{t('accountSettings.folders.legend')}</legend>
      <p className="account-settings__hint">{t('accountSettings.folders.hint')}</p>
      {folders.loading ? <p>{t('accountSettings.folders.loading')}</p> : null}
      {folders.data?.length === 0 ? <p>{t('accountSettings.folders.empty')}</p> : null}
      {readOnly ? null : <BackfillOverall statuses={[...backfill.values()]} />}
      <ul className="folder-picker">
        {folders.data?.map((folder) => (
          <li
            key={folder.id}
            className="folder-picker__row"
            data-testid="folder-row"
            data-folder={folder.path}
          >
            <label className="account-settings__check">
              <input
                type="checkbox"
                checked={folder.syncEnabled}
                disabled={readOnly || setSync.pending}
                data-testid="folder-sync"
                onChange={(event) => void setSync.run({ folderId: folder.id, enabled: event.target.checked })}
              />
              <span className="folder-picker__path">{formatFolderPath(folder.path)}</span>
              {label(folder) ? <span className="folder-picker__use">{label(folder)}</span> : null}
              {folder.onServer ? null : (
                <span className="folder-picker__use" data-testid="folder-gone">
                  {t('accountSettings.folders.gone')}
                </span>
              )}
            </label>
            {folder.openError !== null ? (
              <p className="account-settings__error" data-testid="folder-refused">
                {t('accountSettings.folders.closed', { reason: folder.openError })}
              </p>
            ) : null}
            {/* Only where fetching older mail can work: on the server, and synced once. */}
            {folder.syncEnabled && folder.onServer && folder.uidValidity !== null && !readOnly ? (
              <BackfillControl folderId={folder.id} status={backfill.get(folder.id) ?? null} />
            ) : null}
          </li>
        ))}
      </ul>
      {setSync.error ? (
        <p className="account-settings__error" role="alert">
          {describeError(setSync.error)}
        </p>
      ) : null}
    </fieldset>
  )
}
