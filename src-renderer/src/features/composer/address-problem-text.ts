import { useTranslation } from 'react-i18next'
import type { AddressProblem } from '../../../../src-preload/contract/address-list'
import { MAX_RECIPIENT_NAME } from '../../../../src-preload/contract/email-address'

/** What the composers say, at the field, about recipients the core would refuse. */
export function useAddressProblemText(): (problem: AddressProblem) => string {
  const { t } = useTranslation()
  return ({ problem, text }) => {
    if (problem === 'nameTooLong')
      return t('composer.nameTooLong', { address: text, max: MAX_RECIPIENT_NAME })
    if (problem === 'nameControlCharacter') return t('composer.nameControlCharacter', { address: text })
    return t('composer.invalidAddress', { address: text })
  }
}
