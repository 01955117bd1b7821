// A restore from Trash the server refused for good (the folder it went back to was deleted there
// since Rapport listed it): the mail is back in Trash, listed as before, and its row says why and
// where Restore takes it now.
import type { TFunction } from 'i18next'
import type { MailTask, TrashItem } from '../../../../src-preload/contract'
import { taskReason } from '../sync-status/task-reason'

type Refusal = Pick<MailTask, 'kind' | 'messageIds' | 'createdAt' | 'folder' | 'lastError' | 'lastErrorCode'>
type Listed = Pick<TrashItem, 'messageId' | 'trashedAt'>

/**
 * The failed move of this message out of Trash since it was deleted (a restore, or a "Move to"),
 * while that failure is listed: dismissed under "not saved on the server", it goes from here too.
 */
export function refusedRestore<T extends Refusal>(failed: T[], item: Listed): T | undefined {
  return failed.find(
    (task) =>
      task.kind === 'move' &&
      task.messageIds.includes(item.messageId) &&
      Date.parse(task.createdAt) >= Date.parse(item.trashedAt)
  )
}

/**
 * What the row says: not restored, why (the server's words), and, when Restore now goes elsewhere
 * (the folder is gone from the server, so `targets` left it out), where.
 * @param targets the folders Restore goes to now, by path
 * @param folderName a path as the user reads it
 */
export function restoreRefusal(
  t: TFunction,
  task: Refusal,
  targets: string[],
  folderName: (path: string) => string
): string {
  const why = { folder: folderName(task.folder ?? '?'), reason: taskReason(t, task) ?? '' }
  return task.folder !== null && !targets.includes(task.folder)
    ? t('accountSettings.trash.restoreRefusedElsewhere', {
        ...why,
        target: targets.map(folderName).join(', ')
      })
    : t('accountSettings.trash.restoreRefused', why)
}
