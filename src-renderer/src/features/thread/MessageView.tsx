// One message of a thread: who, to whom, when, where it is filed, its actions, the body and its
// attachments.
import { useTranslation } from 'react-i18next'
import type { Address, Folder, MessageDetail } from '../../../../src-preload/contract'
import { formatFolderPath, formatFullDate } from '../../i18n/format'
import { AttachmentList } from './AttachmentList'
import { HtmlBody } from './HtmlBody'
import { MessageActions } from './MessageActions'
import { TextBody } from './TextBody'
import { folderAccess } from './thread-mail-targets'

export function formatAddress(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address
}

export function MessageView({ message, folders }: { message: MessageDetail; folders: Folder[] }) {
  const { t, i18n } = useTranslation()
  const sender = message.from?.name || message.from?.address || t('inbox.unknownSender')
  const headingId = `message-${message.id}-from`
  const access = folderAccess(folders.find((f) => f.path === message.folder))

  let body
  if (message.html) {
    body = (
      <HtmlBody
        messageId={message.id}
        html={message.html}
        inlineImages={message.inlineImages}
        title={t('thread.frameTitle', { name: sender })}
      />
    )
  } else if (message.text) {
    body = <TextBody text={message.text} messageId={message.id} />
  } else {
    body = <p className="message__empty">{t('thread.noBody')}</p>
  }

  return (
    <article
      className={`message message--${message.direction} ${message.unread ? 'is-unread' : ''}`}
      aria-labelledby={headingId}
      data-testid="message"
      data-message-id={message.id}
    >
      <header className="message__header">
        <div className="message__people">
          <h2 className="message__from" id={headingId}>
            {sender}
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
        </div>
        <time className="message__date" dateTime={message.date}>
          {formatFullDate(message.date, i18n.language)}
        </time>
      </header>
      <div className="message__state">
        {message.folder ? (
          <span className="message__chip" data-testid="message-folder">
            {t('thread.actions.inFolder', { folder: formatFolderPath(message.folder) })}
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
        <MessageActions message={message} folders={folders} />
      </div>
      {message.parseError ? (
        <p className="message__warning" role="note" title={message.parseError}>
          {t('thread.parseError')}
        </p>
      ) : null}
      {message.deletedOnServer ? (
        <p className="message__warning" role="note" data-testid="deleted-on-server">
          {t('thread.deletedOnServer')}
        </p>
      ) : null}
      <div className="message__body">{body}</div>
      {message.attachments.length > 0 ? <AttachmentList attachments={message.attachments} /> : null}
    </article>
  )
}
