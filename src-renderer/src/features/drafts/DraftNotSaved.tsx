// A small word under a composer while the last save of its draft failed (the saver is trying
// again): until it goes, a restart could lose what was typed since the last save that worked.
import { useTranslation } from 'react-i18next'
import { useUiStore } from '../../store/ui-store'
import { placeKey, placeOf } from './draft-places'

export function DraftNotSaved({ threadId }: { threadId: number | null }) {
  const { t } = useTranslation()
  const key = placeKey(placeOf(threadId, null))
  const failing = useUiStore((state) => state.unsavedDrafts.includes(key))
  if (!failing) return null
  return (
    <span className="field__error" role="status" data-testid="draft-not-saved">
      {t('composer.draftNotSaved')}
    </span>
  )
}
