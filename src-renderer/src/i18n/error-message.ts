// Turns a contract error into a sentence the user can act on. Codes are stable; the core's
// own message is English and technical, so it is only shown as a detail for unexpected codes.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../src-preload/contract'

const detailedCodes = new Set<ApiError['code']>(['INTERNAL', 'UNKNOWN_COMMAND', 'SYNC_FAILED', 'SEND_FAILED'])

export function useErrorMessage(): (error: ApiError) => string {
  const { t } = useTranslation()
  return useCallback(
    (error: ApiError) => {
      if (error.code === 'INVALID_INPUT' && error.field) return t('errors.INVALID_INPUT_FIELD')
      const text = t(`errors.${error.code}`, { defaultValue: t('errors.INTERNAL') })
      return detailedCodes.has(error.code) && error.message
        ? t('errors.withDetail', { text, detail: error.message })
        : text
    },
    [t]
  )
}
