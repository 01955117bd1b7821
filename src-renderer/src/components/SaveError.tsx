// A failed save's contract error ({code, message}), shown right where the save was made.
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../src-preload/contract'
import { useErrorMessage } from '../i18n/error-message'
import './components.css'

export function SaveError({ error, testId }: { error: ApiError | null; testId?: string }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  if (!error) return null
  // The app-wide ALREADY_EXISTS text is about mail accounts; in a CRM form the duplicate is an
  // email address, a member or a name typed just here.
  const text = error.code === 'ALREADY_EXISTS' ? t('errors.ALREADY_IN_USE') : describeError(error)
  return (
    <p className="field__error" role="alert" data-testid={testId}>
      {text}
    </p>
  )
}
