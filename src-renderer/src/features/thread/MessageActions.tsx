// The toolbar of one message: reply, reply all and forward (in a conversation), read/unread, flag, archive, delete to Trash (or restore from it)
// and move to another folder. Each action shows at once (the core changes the local copy first)
// and reaches the server as a task, so it also works offline. Archive and move take the copy in
// the folder shown; they and delete offer Undo, which puts the message back in the folder it was in.
import { useTranslation } from 'react-i18next'
import type { Folder, MessageDetail } from '../../../../src-preload/contract'
import { useCommandRunner } from '../../api/use-command-runner'
import { useErrorMessage } from '../../i18n/error-message'
import type { MessageCompose } from '../composer/use-message-compose'
import { useFolderLabel } from '../account-settings/folder-names'
import { ActionButton } from './ActionButton'
import { ForwardFailure, MessageComposeActions } from './MessageComposeActions'
import {
  archiveFolderOf,
  canArchiveFrom,
  canDeleteTo,
  canMoveBack,
  canUndoDelete,
  specialFolder
} from './thread-mail-targets'
import { UndoNote, useUndoable } from '../../components/UndoNote'

type Props = { message: MessageDetail; folders: Folder[]; compose?: MessageCompose | undefined }

export function MessageActions({ message, folders, compose }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const folderLabel = useFolderLabel()
  const { run, call, pending, error } = useCommandRunner()
  const messageIds = [message.id]
  const flagged = message.flags.includes('\\Flagged')
  const current = folders.find((f) => f.path === message.folder)
  const inTrash = current?.specialUse === '\\Trash'
  const archiveFolder = archiveFolderOf(folders)
  const trash = specialFolder(folders, '\\Trash')
  // A read-only archive's mail (in a conversation) can be read and forwarded, not changed: the core
  // refuses flags, archive, delete, restore and move for it, so they are not offered.
  const changeable = compose?.archived !== true
  // Sent mail is never unread, so it has no read toggle. Mail with no server copy left can still
  // be marked, but there is nothing to move.
  // Mail in a folder the server keeps read-only for this mailbox can only stay there.
  const movable = changeable && message.folder !== null && current?.canRemoveMail !== false
  const targets = folders.filter((f) => f.path !== message.folder && f.onServer && f.canAddMail)
  const { undo, offer, clear } = useUndoable()
  // Back to where it was: a move for archive and move (when that folder is known and the
  // server's rights let the mail go back), a restore from Trash for delete. Only the copy the
  // action moved comes back: another copy already in that folder (a label) stays there.
  const moveBack = (label: string, from: Folder | undefined) =>
    current && from && canMoveBack(from, current)
      ? {
          label,
          revert: () =>
            run('messages.move', { messageIds, folderId: current.id, fromFolderId: from.id, putBack: true })
        }
      : null
  // The copy shown here moves, not the message's copies in other folders (Sent keeps its own).
  const fromHere = current ? { fromFolderId: current.id } : {}
  const archive = () =>
    offer(
      call('messages.archive', { messageIds, ...fromHere }),
      moveBack(t('thread.actions.archived'), archiveFolder)
    )
  const remove = () =>
    offer(
      call('messages.delete', { messageIds }),
      canUndoDelete(trash)
        ? { label: t('thread.actions.deleted'), revert: () => run('trash.restore', { messageIds }) }
        : null
    )
  // Any other action ends the offer: Undo only ever reverts the action just taken.
  const act = (action: Promise<boolean>) => {
    clear()
    void action
  }
  const moveTo = (folder: Folder) =>
    offer(
      call('messages.move', { messageIds, folderId: folder.id, ...fromHere }),
      moveBack(t('thread.actions.moved', { folder: folderLabel(folder.path, folders) }), folder)
    )

  return (
    <div className="message-actions" role="toolbar" aria-label={t('thread.actions.label')}>
      {compose ? <MessageComposeActions message={message} compose={compose} /> : null}
      {changeable && message.direction === 'in' ? (
        <ActionButton
          testId="message-toggle-read"
          label={message.unread ? t('thread.actions.markRead') : t('thread.actions.markUnread')}
          disabled={pending}
          onClick={() => act(run('messages.setFlags', { messageIds, seen: message.unread }))}
        />
      ) : null}
      {changeable ? (
        <ActionButton
          testId="message-toggle-flag"
          label={flagged ? t('thread.actions.unflag') : t('thread.actions.flag')}
          pressed={flagged}
          disabled={pending}
          onClick={() => act(run('messages.setFlags', { messageIds, flagged: !flagged }))}
        />
      ) : null}
      {movable && canArchiveFrom(current, archiveFolder) ? (
        <ActionButton
          testId="message-archive"
          label={t('thread.actions.archive')}
          disabled={pending}
          onClick={archive}
        />
      ) : null}
      {movable && inTrash ? (
        <ActionButton
          testId="message-restore"
          label={t('thread.actions.restore')}
          disabled={pending}
          onClick={() => act(run('trash.restore', { messageIds }))}
        />
      ) : null}
      {movable && !inTrash && canDeleteTo(trash) ? (
        <ActionButton
          testId="message-delete"
          label={t('thread.actions.delete')}
          danger
          disabled={pending}
          onClick={remove}
        />
      ) : null}
      {movable && targets.length > 0 ? (
        <select
          className="message-actions__move"
          data-testid="message-move"
          aria-label={t('thread.actions.moveTo')}
          value=""
          disabled={pending}
          onChange={(event) => {
            const folder = targets.find((f) => f.id === Number(event.target.value))
            if (folder) moveTo(folder)
          }}
        >
          <option value="">{t('thread.actions.moveTo')}</option>
          {targets.map((f) => (
            <option key={f.id} value={f.id}>
              {folderLabel(f.path, folders)}
            </option>
          ))}
        </select>
      ) : null}
      <UndoNote undo={undo} disabled={pending} onUndone={clear} testId="message-undo" />
      {compose ? <ForwardFailure message={message} compose={compose} /> : null}
      {error ? (
        <p className="message-actions__error" role="alert" data-testid="message-action-error">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  )
}
