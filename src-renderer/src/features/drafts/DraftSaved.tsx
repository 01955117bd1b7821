// A quiet word under a composer once what is in it is stored in the core (a restart keeps it),
// gone as soon as it is typed on. Not a live region: a screen reader is not told of every save.
import { useTranslation } from 'react-i18next'
import { useUiStore } from '../../store/ui-store'
import { placeKey, placeOf } from './draft-places'

export function DraftSaved({ threadId }: { threadId: number | null }) {
  const { t } = useTranslation()
  const key = placeKey(placeOf(threadId, null))
  const saved = useUiStore((state) => {
    const shown = threadId === null ? state.newMessage : state.replyDrafts[threadId]
    // While a later save is failing, "Draft not saved" says so instead.
    return shown !== undefined && state.savedDrafts[key] === shown && !state.unsavedDrafts.includes(key)
  })
  if (!saved) return null
  return (
    <span className="field__hint" data-testid="draft-saved">
      {t('composer.draftSaved')}
    </span>
  )
}
