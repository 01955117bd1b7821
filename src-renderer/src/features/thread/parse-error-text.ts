// Why a message could not be read completely, in the user's language: said from its code, not
// in the parser's English. Only a reason without words of its own (UNREADABLE: anything the parser
// threw that Rapport does not name) keeps the parser's words beside it, as a detail.
import type { TFunction } from 'i18next'
import type { MessageDetail } from '../../../../src-preload/contract'

type Unread = Pick<MessageDetail, 'parseError' | 'parseErrorCode'>

/** The note shown on such a message, or null when it was read completely. */
export function parseErrorText(t: TFunction, message: Unread): string | null {
  if (message.parseError === null && message.parseErrorCode === null) return null
  const code = message.parseErrorCode ?? 'UNREADABLE'
  const reason = t(`thread.parseErrorReason.${code}`)
  // Without a full stop of its own: the sentence around it has one.
  const detail = message.parseError?.replace(/[.。\s]+$/u, '') ?? ''
  return t('thread.parseError', {
    reason: code === 'UNREADABLE' && detail ? t('errors.withDetail', { text: reason, detail }) : reason
  })
}
