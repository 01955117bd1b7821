// Mail actions on the whole conversation, above its messages: mark read or unread, archive what
// is in INBOX, delete everything to Trash. The per-message toolbar does the same for one message.
import { useTranslation } from 'react-i18next'
import type { Folder, MessageDetail } from '../../../../src-preload/contract'
import { useCommandRunner } from '../../api/use-command-runner'
import { useErrorMessage } from '../../i18n/error-message'
import { ActionButton } from './ActionButton'
import { threadMailTargets } from './thread-mail-targets'

type Props = { messages: MessageDetail[]; folders: Folder[] }

export function ThreadMailActions({ messages, folders }: Props) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const { run, pending, error } = useCommandRunner()
  const targets = threadMailTargets(messages, folders)
  const hasArchive = folders.some((f) => f.specialUse === '\\Archive' && f.onServer)

  return (
    <div className="thread-mail-actions" role="toolbar" aria-label={t('thread.conversationActions.label')}>
      {targets.unread.length > 0 ? (
        <ActionButton
          testId="thread-mark-read"
          label={t('thread.conversationActions.markRead')}
          disabled={pending}
          onClick={() => void run('messages.setFlags', { messageIds: targets.unread, seen: true })}
        />
      ) : targets.newestIncoming !== null ? (
        <ActionButton
          testId="thread-mark-unread"
          label={t('thread.conversationActions.markUnread')}
          disabled={pending}
          onClick={() =>
            void run('messages.setFlags', { messageIds: [targets.newestIncoming!], seen: false })
          }
        />
      ) : null}
      {hasArchive && targets.inInbox.length > 0 ? (
        <ActionButton
          testId="thread-archive"
          label={t('thread.conversationActions.archive')}
          disabled={pending}
          onClick={() => void run('messages.archive', { messageIds: targets.inInbox })}
        />
      ) : null}
      {targets.notInTrash.length > 0 ? (
        <ActionButton
          testId="thread-delete"
          label={t('thread.conversationActions.delete')}
          danger
          disabled={pending}
          onClick={() => void run('messages.delete', { messageIds: targets.notInTrash })}
        />
      ) : null}
      {error ? (
        <p className="message-actions__error" role="alert" data-testid="thread-action-error">
          {describeError(error)}
        </p>
      ) : null}
    </div>
  )
}
