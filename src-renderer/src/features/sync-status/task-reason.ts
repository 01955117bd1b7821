// Why a change was not saved on the server, in the user's language. The server's own reply
// ("Mailbox doesn't exist: Tenders") is shown as it is, after "The server said"; Rapport's own
// reasons are translated from their code. What the change was is said by taskActions.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { MailTask } from '../../../../src-preload/contract'

type Reasoned = Pick<MailTask, 'lastError' | 'lastErrorCode'> & Partial<Pick<MailTask, 'nowIn'>>

export function taskReason(t: TFunction, task: Reasoned): string | null {
  if (!task.lastError) return null
  switch (task.lastErrorCode) {
    case 'SERVER_SAID':
      return t('failedChanges.reason', { reason: task.lastError })
    case 'FOLDER_GONE':
      return t('failedChanges.folderGone')
    case 'NO_REASON':
      return t('failedChanges.noReason')
    case 'FLAGS_NOT_KEPT':
      return t('failedChanges.readOnly')
    case 'MAY_NOT_REMOVE':
      return t('failedChanges.mayNotRemove')
    case 'CHANGED_ELSEWHERE':
      // Where the other program put it, when that is a folder Rapport syncs.
      return task.nowIn?.length
        ? t('failedChanges.movedElsewhere', { folders: task.nowIn.join(', ') })
        : t('failedChanges.changedElsewhere')
    default:
      // Unexpected, from Rapport itself (or a task that failed before the codes existed).
      return task.lastError
  }
}

export function useTaskReason(): (task: Reasoned) => string | null {
  const { t } = useTranslation()
  return useCallback((task: Reasoned) => taskReason(t, task), [t])
}
