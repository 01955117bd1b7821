// First run: no account yet. Offers the quickest way to see Rapport (sample data) next to the
// real thing (adding a mailbox).
import { useTranslation } from 'react-i18next'
import { bumpDataEpoch } from '../../api/data-epoch'
import { useMutation } from '../../api/use-mutation'
import { Spinner } from '../../components/Spinner'
import { useErrorMessage } from '../../i18n/error-message'
import { AccountForm } from './AccountForm'
import './onboarding.css'
import { settleDrafts } from '../drafts/start-drafts'

type Props = {
  onAccountAdded: () => void
  /** Set while Settings is open over the page, so Tab cannot wander behind the dialog. */
  inert?: boolean
}

export function OnboardingPage({ onAccountAdded, inert = false }: Props) {
  const { t } = useTranslation()
  return (
    <div className="onboarding" data-testid="onboarding" inert={inert}>
      <header className="onboarding__header">
        <h1>{t('onboarding.title')}</h1>
        <p>{t('onboarding.intro')}</p>
      </header>
      <div className="onboarding__columns">
        <SampleDataCard />
        <AccountForm onAdded={onAccountAdded} />
      </div>
    </div>
  )
}

function SampleDataCard() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const openSample = useMutation('workspace.openSample')

  const open = async () => {
    // What was typed stays in the mailbox's workspace, not in the sample.
    await settleDrafts()
    const response = await openSample.run({})
    // The core switches databases and emits workspace.switched; re-query in any case.
    if (response.ok) bumpDataEpoch()
  }

  return (
    <section className="sample-card" aria-labelledby="sample-card-title">
      <h2 id="sample-card-title">{t('onboarding.sample.title')}</h2>
      <p>{t('onboarding.sample.body')}</p>
      <button
        type="button"
        className="button button--primary button--large"
        onClick={open}
        disabled={openSample.pending}
        data-testid="open-sample"
      >
        {openSample.pending ? (
          <>
            <Spinner /> {t('onboarding.sample.opening')}
          </>
        ) : (
          t('onboarding.sample.button')
        )}
      </button>
      {openSample.error ? (
        <p className="field__error" role="alert">
          {describeError(openSample.error)}
        </p>
      ) : null}
    </section>
  )
}
