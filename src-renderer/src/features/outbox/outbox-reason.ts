// Why an outbox message is waiting or failed, in the user's language. The server's own reply
// ("550 5.1.1 No such user") is shown as it is; Rapport's own explanations (offline, sign in
// again, the daily cap, maybe delivered, archived) are English in the core, so they are
// replaced by the translation of their code.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../../../src-preload/contract'
import { formatTime } from '../../i18n/format'

/**
 * Shown as they are: the SMTP server's reply (SEND_FAILED, SEND_DEFERRED), the IMAP server's
 * refusal of the look in Sent (SYNC_FAILED), and what went wrong in Rapport itself (INTERNAL, say
 * a full disk): a fixed sentence per code would hide what to do. A login refused for now
 * (LOGIN_REFUSED_FOR_NOW) is said by its code's sentence: the core's is English.
 */
const OWN_WORDS = new Set<OutboxItem['lastErrorCode']>([
  'SEND_FAILED',
  'SEND_DEFERRED',
  'SYNC_FAILED',
  'INTERNAL'
])

type Reasoned = Pick<OutboxItem, 'lastError' | 'lastErrorCode' | 'retryAt'>

/**
 * The reason shown for an outbox row; `t` translates a code's fixed sentence, `time` says when.
 * A refusal for now (SEND_DEFERRED) says when Rapport tries again before the server's words: on
 * their own, a 451 read as a failure the user had to act on.
 */
export function outboxReason(
  item: Reasoned,
  t: (key: string, options: Record<string, string>) => string,
  time: (iso: string) => string
): string | null {
  if (!item.lastError) return null
  if (item.lastErrorCode === 'SEND_DEFERRED' && item.retryAt)
    return t('outbox.deferred', { time: time(item.retryAt), reason: item.lastError })
  if (!item.lastErrorCode || OWN_WORDS.has(item.lastErrorCode)) return item.lastError
  return t(`errors.${item.lastErrorCode}`, { defaultValue: item.lastError })
}

export function useOutboxReason(): (item: Reasoned) => string | null {
  const { t, i18n } = useTranslation()
  return useCallback(
    (item) => outboxReason(item, t, (iso) => formatTime(iso, i18n.language)),
    [t, i18n.language]
  )
}
