// Notices about the workspace as a whole: the sample-data banner with its way out, and the
// warning that passwords cannot be kept between runs.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CommandOutput } from '../../../../src-preload/contract'
import { bumpDataEpoch } from '../../api/data-epoch'
import { useMutation } from '../../api/use-mutation'
import { Notice } from '../../components/Notice'
import { useErrorMessage } from '../../i18n/error-message'
import { settleDrafts } from '../drafts/start-drafts'

type Props = { info: CommandOutput<'app.info'> | null }

export function WorkspaceNotices({ info }: Props) {
  if (!info) return null
  return (
    <>
      {info.workspace === 'sample' ? <SampleDataBanner /> : null}
      {info.secretStoreWarning ? <SecretStoreNotice detail={info.secretStoreWarning} /> : null}
    </>
  )
}

function SampleDataBanner() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const openMain = useMutation('workspace.openMain')

  const leave = async () => {
    // What was typed in the sample stays in the sample, not in the mailbox's workspace.
    await settleDrafts()
    const response = await openMain.run({})
    // The core also emits workspace.switched; re-querying here too covers a missed event.
    if (response.ok) bumpDataEpoch()
  }

  return (
    <Notice
      tone="info"
      testId="sample-banner"
      actions={
        <button type="button" className="button button--small" onClick={leave} disabled={openMain.pending}>
          {t('workspace.leaveSample')}
        </button>
      }
    >
      {t('workspace.sampleBanner')}
      {openMain.error ? <span className="notice__error"> {describeError(openMain.error)}</span> : null}
    </Notice>
  )
}

/** The core's own wording (English, technical) is kept as a tooltip for support questions. */
function SecretStoreNotice({ detail }: { detail: string }) {
  const { t } = useTranslation()
  const [dismissed, setDismissed] = useState(false)
  if (dismissed) return null
  return (
    <Notice
      tone="warning"
      testId="secret-store-warning"
      actions={
        <button type="button" className="button button--small" onClick={() => setDismissed(true)}>
          {t('workspace.dismiss')}
        </button>
      }
    >
      <span title={detail}>
        <strong>{t('workspace.secretStoreTitle')}</strong> {t('workspace.secretStoreBody')}
      </span>
    </Notice>
  )
}
