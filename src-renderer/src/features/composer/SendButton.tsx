import { useTranslation } from 'react-i18next'
import { Spinner } from '../../components/Spinner'

/** The submit button of every composer: shows that sending is under way. */
export function SendButton({
  pending,
  disabled,
  testId
}: {
  pending: boolean
  disabled: boolean
  testId: string
}) {
  const { t } = useTranslation()
  return (
    <button type="submit" className="button button--primary" disabled={disabled} data-testid={testId}>
      {pending ? (
        <>
          <Spinner /> {t('composer.sending')}
        </>
      ) : (
        t('composer.send')
      )}
    </button>
  )
}
