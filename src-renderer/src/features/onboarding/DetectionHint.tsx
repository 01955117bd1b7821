import { useTranslation } from 'react-i18next'
import type { DetectedSettings } from '../../../../src-preload/contract'

type Props = { detected: DetectedSettings | null; detecting: boolean }

/** Says where the suggested server settings came from, so the user knows how far to trust them. */
export function DetectionHint({ detected, detecting }: Props) {
  const { t } = useTranslation()
  if (!detecting && !detected) return null
  const provider = detected?.providerName ?? detected?.imap?.host ?? ''
  return (
    <p className="account-form__hint" role="status" data-testid="detect-status">
      {detecting || !detected
        ? t('onboarding.detect.detecting')
        : t(`onboarding.detect.${detected.source}`, { provider })}
      {detected?.oauthProvider ? ` ${t('onboarding.detect.oauth', { provider })}` : null}
    </p>
  )
}
