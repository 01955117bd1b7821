// Mail in this mailbox's Trash, each with the day Rapport will delete its copy and a Restore
// button that puts it back where it was deleted from (and moves it there on the server too).
// A restore that fails, at once or when the server refuses it later, says why on its own row.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '../../api/use-mutation'
import { useQuery } from '../../api/use-query'
import { formatFullDate } from '../../i18n/format'
import { useErrorMessage } from '../../i18n/error-message'
import { useFolderName } from './folder-names'
import { refusedRestore, restoreRefusal } from './restore-refusal'

/** The most recent deletions are listed at first; "Show all" lists the rest. */
const SHOWN = 20

export function TrashSection({ accountId, readOnly }: { accountId: number; readOnly: boolean }) {
  const { t, i18n } = useTranslation()
  const describeError = useErrorMessage()
  const trash = useQuery('trash.list', { accountId }, ['messages', 'folders'])
  const restore = useMutation('trash.restore')
  const failed = useQuery('tasks.list', { accountId, state: 'failed' }, ['tasks'])
  const folderName = useFolderName(accountId)
  const [all, setAll] = useState(false)
  // The row Restore was last clicked on, so an error it answers with shows there.
  const [restoringId, setRestoringId] = useState<number | null>(null)
  const items = trash.data ?? []
  const shown = all ? items : items.slice(0, SHOWN)

  return (
    <fieldset className="account-settings__section" data-testid="trash">
      <legend>{t('accountSettings.trash.legend')}</legend>
      <p className="account-settings__hint">{t('accountSettings.trash.hint')}</p>
      {trash.data && items.length === 0 ? <p>{t('accountSettings.trash.empty')}</p> : null}
      <ul className="folder-picker">
        {shown.map((item) => {
          const refused = readOnly ? undefined : refusedRestore(failed.data ?? [], item)
          const targets = item.originFolders.length > 0 ? item.originFolders : ['INBOX']
          return (
            <li key={item.messageId} className="folder-picker__row" data-testid="trash-item">
              <span className="trash__subject">
                {item.subject || t('accountSettings.trash.noSubject')}
                {/* A read-only archive purges nothing: no date to give. */}
                {readOnly ? null : (
                  <span className="account-settings__hint">
                    {item.purgeAt
                      ? t('accountSettings.trash.purgeAt', {
                          time: formatFullDate(item.purgeAt, i18n.language)
                        })
                      : t('accountSettings.trash.keptElsewhere')}
                  </span>
                )}
              </span>
              {readOnly ? null : !item.restorable ? (
                <span className="account-settings__hint" data-testid="trash-not-restorable">
                  {t('accountSettings.trash.notRestorable')}
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--small"
                  disabled={restore.pending}
                  data-testid="trash-restore"
                  onClick={() => {
                    setRestoringId(item.messageId)
                    void restore.run({ messageIds: [item.messageId] })
                  }}
                >
                  {t('accountSettings.trash.restore', { folder: targets.map(folderName).join(', ') })}
                </button>
              )}
              {refused ? (
                <span
                  className="account-settings__error trash__error"
                  role="alert"
                  data-testid="trash-restore-refused"
                >
                  {restoreRefusal(t, refused, targets, folderName)}
                </span>
              ) : null}
              {restore.error && restoringId === item.messageId ? (
                <span className="account-settings__error trash__error" role="alert">
                  {describeError(restore.error)}
                </span>
              ) : null}
            </li>
          )
        })}
      </ul>
      {shown.length < items.length ? (
        <button
          type="button"
          className="button button--small"
          data-testid="trash-show-all"
          onClick={() => setAll(true)}
        >
          {t('accountSettings.trash.showAll', { total: items.length })}
        </button>
      ) : null}
      {/* Restored by another window or Undo meanwhile, its row is gone: said here instead. */}
      {restore.error && !shown.some((item) => item.messageId === restoringId) ? (
        <p className="account-settings__error" role="alert">
          {describeError(restore.error)}
        </p>
      ) : null}
    </fieldset>
  )
}
