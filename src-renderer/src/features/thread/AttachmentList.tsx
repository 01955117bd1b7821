import { useTranslation } from 'react-i18next'
import type { Attachment } from '../../../../src-preload/contract'
import { PaperclipIcon } from '../../components/icons'
import { formatSize } from '../../i18n/format'

export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const { t, i18n } = useTranslation()
  return (
    <ul className="attachments" aria-label={t('thread.attachments', { count: attachments.length })}>
      {attachments.map((attachment) => (
        <li key={attachment.id} className="attachments__item" title={attachment.contentType}>
          <PaperclipIcon />
          <span className="attachments__name">{attachment.filename || t('thread.unnamedAttachment')}</span>
          <span className="attachments__size">{formatSize(attachment.size, i18n.language)}</span>
        </li>
      ))}
    </ul>
  )
}
