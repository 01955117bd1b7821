// Drafts Undo brought back (or continued from another program's, ServerDrafts.tsx) while another
// was being written where they belong: each waits here, above the one being written, until
// opened (the two swap places) or discarded. Neither ever writes over what is in the composer.
import { useTranslation } from 'react-i18next'
import { useUiStore, type AsideDraft } from '../../store/ui-store'
import { draftPreview } from '../drafts/draft-preview'

type Props = { kind: 'new' } | { kind: 'reply'; threadId: number }

export function AsideDrafts(props: Props) {
  const { t } = useTranslation()
  const all = useUiStore((state) => state.asideDrafts)
  const openAside = useUiStore((state) => state.openAside)
  const discardAside = useUiStore((state) => state.discardAside)
  const entries = all.filter(
    (entry) =>
      entry.kind === props.kind &&
      (entry.kind === 'new' || (props.kind === 'reply' && entry.threadId === props.threadId))
  )
  const describe = (entry: AsideDraft) =>
    entry.kind === 'new'
      ? t('composer.aside.newMessage', {
          subject: entry.draft.subject || t('outbox.noSubject'),
          to: entry.draft.to
        })
      : t('composer.aside.reply', { text: draftPreview(entry.draft.text) })

  // Always in the page, so the first one added is announced.
  return (
    <div className="aside-drafts" role="status">
      {entries.length > 0 ? (
        <ul className="aside-drafts__list" aria-label={t('composer.aside.label')}>
          {entries.map((entry) => (
            <li key={entry.id} className="aside-drafts__item" data-testid="aside-draft">
              <span className="aside-drafts__text">{describe(entry)}</span>
              <button
                type="button"
                className="button"
                data-testid="aside-draft-open"
                onClick={() => openAside(entry.id)}
              >
                {t('composer.aside.open')}
              </button>
              <button
                type="button"
                className="button"
                data-testid="aside-draft-discard"
                onClick={() => discardAside(entry.id)}
              >
                {t('composer.aside.discard')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
