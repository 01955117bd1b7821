// One message of a thread: who, to whom, when, where it is filed, its actions, the body and its
// attachments; or, folded, one line of sender, snippet and date that opens it.
import type { MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Address, Folder, MessageDetail } from '../../../../src-preload/contract'
import { formatFullDate, formatListDate } from '../../i18n/format'
import { useFolderLabel } from '../account-settings/folder-names'
import { useToday } from '../../i18n/use-today'
import { useFindCountOnly } from '../search/use-find-marks'
import { AttachmentList } from './AttachmentList'
import { HtmlBody } from './HtmlBody'
import type { MessageCompose } from '../composer/use-message-compose'
import { MessageActions } from './MessageActions'
import { TextBody } from './TextBody'
import { parseErrorText } from './parse-error-text'
import { folderAccess } from './thread-mail-targets'

export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address
}

type Props = {
  message: MessageDetail
  folders: Folder[]
  /** False shows the one-line summary; without onToggle the message is always shown in full. */
  expanded?: boolean
  onToggle?: () => void
  /** Reply, Reply all and Forward on its action bar (in a conversation). */
  compose?: MessageCompose | undefined
}

/** A click on the header, not on a link or button in it nor ending a text selection, closes it. */
function headerClick(onToggle: () => void) {
  return (event: MouseEvent) => {
    if ((event.target as Element).closest('a, button, input, select, textarea')) return
    if (window.getSelection()?.toString()) return
    onToggle()
  }
}

export function MessageView({ message, folders, expanded = true, onToggle, compose }: Props) {
  const { t, i18n } = useTranslation()
  useToday() // today's times turn into dates at midnight
  const sender = message.from?.name || message.from?.address || t('inbox.unknownSender')
  const headingId = `message-${message.id}-from`
  if (!expanded && onToggle) {
    return (
      <article
        className={`message message--collapsed message--${message.direction} ${message.unread ? 'is-unread' : ''}`}
        aria-labelledby={headingId}
        data-testid="message"
        data-message-id={message.id}
        data-expanded="false"
      >
        <button
          type="button"
          className="message__summary"
          aria-expanded={false}
          onClick={onToggle}
          data-testid="message-summary"
        >
          <span className="message__summary-from" id={headingId}>
            {sender}
          </span>
          <span className="message__summary-snippet">{message.snippet}</span>
          <time
            className="message__date"
            dateTime={message.date}
            title={formatFullDate(message.date, i18n.language)}
          >
            {formatListDate(message.date, i18n.language)}
          </time>
        </button>
        <CollapsedFindCount message={message} />
      </article>
    )
  }
  return (
    <OpenMessage
      message={message}
      folders={folders}
      sender={sender}
      headingId={headingId}
      onToggle={onToggle}
      compose={compose}
    />
  )
}

/** Counts a one-line message's find matches (a component, so the hook runs only while folded). */
export function CollapsedFindCount({ message }: { message: MessageDetail }) {
  useFindCountOnly(message)
  return null
}

function OpenMessage({
  message,
  folders,
  sender,
  headingId,
  onToggle,
  compose
}: Props & { sender: string; headingId: string }) {
  const { t, i18n } = useTranslation()
  const access = folderAccess(folders.find((f) => f.path === message.folder))
  const folderLabel = useFolderLabel()
  const unread = parseErrorText(t, message)

  let body
  if (message.html) {
    body = (
      <HtmlBody
        messageId={message.id}
        subject={message.subject}
        html={message.html}
        inlineImages={message.inlineImages}
        title={t('thread.frameTitle', { name: sender })}
        sender={message.from?.address ?? null}
        senderAllowed={message.imagesAllowedForSender}
      />
    )
  } else if (message.text) {
    body = <TextBody text={message.text} subject={message.subject} messageId={message.id} />
  } else {
    body = <p className="message__empty">{t('thread.noBody')}</p>
  }

  return (
    <article
      className={`message message--${message.direction} ${message.unread ? 'is-unread' : ''}`}
      aria-labelledby={headingId}
      data-testid="message"
      data-message-id={message.id}
      data-expanded="true"
    >
      <header
        className={`message__header ${onToggle ? 'message__header--toggles' : ''}`}
        onClick={onToggle ? headerClick(onToggle) : undefined}
      >
        <div className="message__people">
          <h2 className="message__from" id={headingId}>
            {onToggle ? (
              <button
                type="button"
                className="message__toggle"
                aria-expanded={true}
                onClick={onToggle}
                data-testid="message-collapse"
              >
                {sender}
              </button>
            ) : (
              sender
            )}
            {message.from?.name ? (
              <span className="message__address"> &lt;{message.from.address}&gt;</span>
            ) : null}
          </h2>
          {message.to.length > 0 ? (
            <p className="message__recipients">
              {t('thread.to', { list: message.to.map(formatAddress).join(', ') })}
            </p>
          ) : null}
          {message.cc.length > 0 ? (
            <p className="message__recipients">
              {t('thread.cc', { list: message.cc.map(formatAddress).join(', ') })}
            </p>
          ) : null}
          {message.bcc.length > 0 ? (
            <p className="message__recipients" data-testid="message-bcc">
              {t('thread.bcc', { list: message.bcc.map(formatAddress).join(', ') })}
            </p>
          ) : null}
        </div>
        <time className="message__date" dateTime={message.date}>
          {formatFullDate(message.date, i18n.language)}
        </time>
      </header>
      <div className="message__state">
        {message.folder ? (
          <span className="message__chip" data-testid="message-folder">
            {t('thread.actions.inFolder', { folder: folderLabel(message.folder, folders) })}
          </span>
        ) : null}
        {access ? (
          <span
            className="message__chip"
            data-testid="message-read-only"
            title={t(`thread.actions.${access}Hint`)}
          >
            {t(`thread.actions.${access}`)}
          </span>
        ) : null}
        {message.flags.includes('\\Flagged') ? (
          <span className="message__chip message__chip--flagged" data-testid="message-flagged">
            {t('thread.actions.flagged')}
          </span>
        ) : null}
        {message.flags.includes('\\Answered') ? (
          <span className="message__chip" data-testid="message-answered">
            {t('thread.actions.replied')}
          </span>
        ) : null}
        <MessageActions message={message} folders={folders} compose={compose} />
      </div>
      {unread ? (
        // In the text, not a tooltip, so a screen reader reads why too.
        <p className="message__warning" role="note" data-testid="parse-error">
          {unread}
        </p>
      ) : null}
      {message.deletedOnServer ? (
        <p className="message__warning" role="note" data-testid="deleted-on-server">
          {t('thread.deletedOnServer')}
        </p>
      ) : message.markedDeletedOnServer ? (
        <p className="message__warning" role="note" data-testid="marked-deleted-on-server">
          {t('thread.markedDeletedOnServer')}
        </p>
      ) : null}
      <div className="message__body">{body}</div>
      {message.attachments.length > 0 ? <AttachmentList attachments={message.attachments} /> : null}
    </article>
  )
}
