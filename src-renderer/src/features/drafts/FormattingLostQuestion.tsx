// Asked before another program's draft whose HTML has formatting the plain-text composer cannot
// keep (ServerDraft.losesFormatting) is continued: going on in plain text drops it, so the user
// chooses, knowing the original stays in Drafts until this message is sent or thrown away
// (src-main/core/drafts/lost-formatting.ts). In the list, beside the draft it is about.
import { useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'

export function FormattingLostQuestion({
  onContinue,
  onCancel
}: {
  onContinue: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const questionId = useId()
  const continueRef = useRef<HTMLButtonElement>(null)
  // Continuing loses nothing for good (the original stays), so it has the focus: Enter goes on.
  useEffect(() => continueRef.current?.focus(), [])

  return (
    <div
      className="server-drafts__question"
      role="group"
      aria-labelledby={questionId}
      data-testid="server-draft-formatting"
    >
      <p id={questionId} role="alert">
        {t('composer.serverDrafts.formattingLost')}
      </p>
      <div className="composer__actions">
        <button
          ref={continueRef}
          type="button"
          className="button button--primary"
          data-testid="server-draft-continue-plain"
          onClick={onContinue}
        >
          {t('composer.serverDrafts.continuePlain')}
        </button>
        <button type="button" className="button" data-testid="server-draft-cancel" onClick={onCancel}>
          {t('composer.serverDrafts.cancel')}
        </button>
      </div>
    </div>
  )
}
