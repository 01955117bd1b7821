// Turns a contract error into a sentence the user can act on. Codes are stable; the core's
// own message is English and technical, so it is only shown as a detail for unexpected codes.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { MAX_RECIPIENTS_PER_FIELD, type ApiError } from '../../../src-preload/contract'

const detailedCodes = new Set<ApiError['code']>([
  'INTERNAL',
  'UNKNOWN_COMMAND',
  'SYNC_FAILED',
  'SEND_FAILED',
  'SEND_DEFERRED'
])

/**
 * INVALID_INPUT about a value the user did not type (a time picked, not a text field) said
 * specifically: "This value is not valid" would not tell which value, or why.
 */
const fieldMessages: Partial<Record<string, string>> = {
  sendAt: 'errors.INVALID_INPUT_SEND_AT',
  fieldType: 'errors.INVALID_INPUT_FIELD_TYPE',
  // leads.setStages leaving out a stage leads are on.
  stageInUse: 'errors.INVALID_INPUT_STAGE_IN_USE',
  // contacts.unmerge of a merge whose surviving contact was merged on since.
  laterMerge: 'errors.INVALID_INPUT_LATER_MERGE',
  // trash.restore (Undo of a delete, Restore) of mail whose server copy another program purged.
  messageIds: 'errors.INVALID_INPUT_NOT_ON_SERVER',
  // accounts.setSignature over SIGNATURE_MAX_CHARS.
  signature: 'errors.INVALID_INPUT_SIGNATURE'
}

/**
 * A send refused for To, Cc or Bcc as a whole (not one address in it, "cc.3") because the list is
 * longer than a message may go to, as after Reply all to a mail to a whole company; not another
 * refusal of the field (no recipient at all, a draft's text too long), which the core also names
 * so. The contract's check says which in its words (zod's "Too big: expected array…").
 */
const recipientLists = new Set(['to', 'cc', 'bcc'])
export const tooManyRecipients = (error: ApiError): boolean =>
  error.code === 'INVALID_INPUT' &&
  recipientLists.has(error.field ?? '') &&
  /too big: expected array/i.test(error.message)

/**
 * A login the server refuses for now, said in the user's language with only the server's own
 * words as the detail: the core's English sentence beside a translation read half in English.
 */
function loginRefusedForNow(error: ApiError, t: TFunction): string {
  const text = t(error.settingsCheck ? 'errors.LOGIN_REFUSED_FOR_NOW_CHECK' : 'errors.LOGIN_REFUSED_FOR_NOW')
  return error.serverText ? t('errors.withDetail', { text, detail: error.serverText }) : text
}

export function useErrorMessage(): (error: ApiError) => string {
  const { t } = useTranslation()
  return useCallback(
    (error: ApiError) => {
      if (tooManyRecipients(error))
        return t('errors.INVALID_INPUT_TOO_MANY_RECIPIENTS', { max: MAX_RECIPIENTS_PER_FIELD })
      if (error.code === 'INVALID_INPUT' && error.field)
        return t(fieldMessages[error.field.split('.')[0]!] ?? 'errors.INVALID_INPUT_FIELD')
      if (error.code === 'LOGIN_REFUSED_FOR_NOW') return loginRefusedForNow(error, t)
      const text = t(`errors.${error.code}`, { defaultValue: t('errors.INTERNAL') })
      return detailedCodes.has(error.code) && error.message
        ? t('errors.withDetail', { text, detail: error.message })
        : text
    },
    [t]
  )
}
