// Mail actions on the whole conversation, above its messages: mark read or unread, archive what
// is in INBOX, delete everything to Trash (also on the keys y, # and Shift+U), and undo the last
// archive or delete. The per-message toolbar does the same for one message. A read-only archive's
// conversation has none of them: the core refuses each for it.
import { useTranslation } from 'react-i18next'
import type { Folder, MessageDetail } from '../../../../src-preload/contract'
import { useCommandRunner } from '../../api/use-command-runner'
import { useErrorMessage } from '../../i18n/error-message'
import { ActionButton } from './ActionButton'
import {
  archiveFolderOf,
  canDeleteTo,
  canMoveBack,
  canUndoDelete,
  specialFolder,
  threadMailTargets
} from './thread-mail-targets'
import { UndoNote, useUndoable } from '../../components/UndoNote'
import { useThreadMailKeys } from './use-thread-mail-keys'

type Props = { messages: MessageDetail[]; folders: Folder[]; archived: boolean }

export function ThreadMailActions({ messages, folders, archived }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const { run, call, pending, error } = useCommandRunner()
  const targets = threadMailTargets(messages, folders)
  const archiveFolder = archiveFolderOf(folders)
  const trash = specialFolder(folders, '\\Trash')
  const canArchive = archiveFolder?.canAddMail === true && targets.inInbox.length > 0
  const canDelete = canDeleteTo(trash) && targets.notInTrash.length > 0
  const newest = targets.newestIncoming
  const inbox = folders.find((f) => f.specialUse === '\\Inbox')
  const { undo, offer, clear } = useUndoable()
  const archive = () => {
    const messageIds = targets.inInbox
    // The INBOX copies only: a message also in Sent (one sent to yourself) keeps that copy there,
    // and Undo brings back only what went, not a copy that was in Archive before.
    offer(
      call('messages.archive', { messageIds, ...(inbox ? { fromFolderId: inbox.id } : {}) }),
      inbox && archiveFolder && canMoveBack(archiveFolder, inbox)
        ? {
            label: t('thread.conversationActions.archived'),
            revert: () =>
              run('messages.move', {
                messageIds,
                folderId: inbox.id,
                fromFolderId: archiveFolder.id,
                putBack: true
              })
          }
        : null
    )
  }
  const remove = () => {
    const messageIds = targets.notInTrash
    // Restore puts each message back in the folder it was deleted from.
    offer(
      call('messages.delete', { messageIds }),
      canUndoDelete(trash)
        ? {
            label: t('thread.conversationActions.deleted'),
            revert: () => run('trash.restore', { messageIds })
          }
        : null
    )
  }
  // Any other action ends the offer: Undo only ever reverts the action just taken.
  const markUnread = () => {
    clear()
    if (newest !== null) void run('messages.setFlags', { messageIds: [newest], seen: false })
  }
  const markRead = () => {
    clear()
    void run('messages.setFlags', { messageIds: targets.unread, seen: true })
  }
  useThreadMailKeys(
    archived
      ? {}
      : {
          archive: canArchive ? archive : undefined,
          remove: canDelete ? remove : undefined,
          markUnread: targets.unread.length === 0 ? markUnread : undefined
        }
  )
  if (archived) return null

  return (
    <div className="thread-mail-actions" role="toolbar" aria-label={t('thread.conversationActions.label')}>
      {targets.unread.length > 0 ? (
        <ActionButton
          testId="thread-mark-read"
          label={t('thread.conversationActions.markRead')}
          disabled={pending}
          onClick={markRead}
        />
      ) : newest !== null ? (
        <ActionButton
          testId="thread-mark-unread"
          label={t('thread.conversationActions.markUnread')}
          disabled={pending}
          onClick={markUnread}
        />
      ) : null}
      {canArchive ? (
        <ActionButton
          testId="thread-archive"
          label={t('thread.conversationActions.archive')}
          disabled={pending}
          onClick={archive}
        />
      ) : null}
      {canDelete ? (
        <ActionButton
          testId="thread-delete"
          label={t('thread.conversationActions.delete')}
          danger
          disabled={pending}
          onClick={remove}
        />
      ) : null}
      <UndoNote undo={undo} disabled={pending} onUndone={clear} testId="thread-undo" />
      {error ? (
        <p className="message-actions__error" role="alert" data-testid="thread-action-error">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  )
}
