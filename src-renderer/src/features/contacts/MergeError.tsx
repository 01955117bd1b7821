// Why a merge of two contacts was refused, shown where it was asked for (a suggestion, a contact
// picked, an address held by another contact).
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../../src-preload/contract'
import { useErrorMessage } from '../../i18n/error-message'

export function MergeError({ error, testId }: { error: ApiError | null; testId: string }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  if (!error) return null
  return (
    <p className="field__error" role="alert" data-testid={testId}>
      {/* Either side may be the blocked one: "This contact is blocked" would often be wrong. */}
      {error.code === 'CONTACT_BLOCKED' ? t('crm.contact.mergeBlocked') : describeError(error)}
    </p>
  )
}
