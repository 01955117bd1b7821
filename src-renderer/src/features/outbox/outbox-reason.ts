// Why an outbox message is waiting or failed, in the user's language. The server's own reply
// ("550 5.1.1 No such user") is shown as it is; Rapport's own explanations (offline, sign in
// again, the daily cap, maybe delivered, archived) are English in the core, so they are
// replaced by the translation of their code.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../../../src-preload/contract'

export function useOutboxReason(): (item: Pick<OutboxItem, 'lastError' | 'lastErrorCode'>) => string | null {
  const { t } = useTranslation()
  return useCallback(
    (item) => {
      if (!item.lastError) return null
      if (!item.lastErrorCode || item.lastErrorCode === 'SEND_FAILED') return item.lastError
      return t(`errors.${item.lastErrorCode}`, { defaultValue: item.lastError })
    },
    [t]
  )
}
