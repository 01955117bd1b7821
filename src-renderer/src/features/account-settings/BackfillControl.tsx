// Start, pause or resume fetching a folder's older mail, with its progress and last error.
import { useTranslation } from 'react-i18next'
import type { BackfillStatus } from '../../../../src-preload/contract'
import { useMutation } from '../../api/use-mutation'
import { ProgressBar } from '../../components/ProgressBar'
import { useErrorMessage } from '../../i18n/error-message'

export function BackfillControl({ folderId, status }: { folderId: number; status: BackfillStatus | null }) {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const start = useMutation('backfill.start')
  const pause = useMutation('backfill.pause')
  const state = status?.state ?? 'idle'
  // count picks the plural ("1 message stored"); the strings show done and total.
  const counts = { count: status?.done ?? 0, done: status?.done ?? 0, total: status?.total ?? 0 }
  const error = start.error ?? pause.error ?? status?.error ?? null

  // The core counts the server's messages with the first batch: until then, what is stored.
  const measured = (status?.total ?? 0) > 0
  let text: string
  if (state === 'running' && measured) text = t('accountSettings.backfill.progress', counts)
  else if (state === 'paused' && measured) text = t('accountSettings.backfill.paused', counts)
  else if (state === 'done') text = t('accountSettings.backfill.done', counts)
  else text = t('accountSettings.backfill.stored', counts)

  return (
    <div className="backfill" data-testid="backfill" data-state={state}>
      <p className="backfill__text" data-testid="backfill-text">
        {text}
      </p>
      {(state === 'running' || state === 'paused') && measured ? (
        <ProgressBar label={text} value={status?.done ?? 0} max={status?.total ?? 0} />
      ) : null}
      {state === 'running' ? (
        <button
          type="button"
          className="button button--small"
          disabled={pause.pending}
          data-testid="backfill-pause"
          onClick={() => void pause.run({ folderId })}
        >
          {t('accountSettings.backfill.pause')}
        </button>
      ) : state !== 'done' ? (
        <button
          type="button"
          className="button button--small"
          disabled={start.pending}
          data-testid="backfill-start"
          onClick={() => void start.run({ folderId })}
        >
          {t(state === 'paused' ? 'accountSettings.backfill.resume' : 'accountSettings.backfill.start')}
        </button>
      ) : null}
      {error ? (
        <p className="account-settings__error" role="alert">
          {/* A refused login paused the mailbox: nothing here to fix, signing in again resumes it. */}
          {error.code === 'AUTH_FAILED'
            ? t('accountSettings.backfill.waitingForSignIn')
            : describeError(error)}
        </p>
      ) : null}
    </div>
  )
}
