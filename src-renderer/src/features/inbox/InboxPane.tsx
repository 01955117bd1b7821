// The middle pane: the inbox header (with "New message") and the thread list or its empty,
// loading or error state.
import { useTranslation } from 'react-i18next'
import { PencilIcon } from '../../components/icons'
import { useErrorMessage } from '../../i18n/error-message'
import { useUiStore } from '../../store/ui-store'
import { ThreadList } from './ThreadList'
import { useThreadPages } from './use-thread-pages'
import './inbox.css'

export function InboxPane() {
  const { t } = useTranslation()
  const describeError = useErrorMessage()
  const pages = useThreadPages()
  const setComposerOpen = useUiStore((state) => state.setComposerOpen)

  let content
  if (pages.error && pages.rows.length === 0) {
    content = (
      <p className="inbox__empty" role="alert">
        {describeError(pages.error)}
      </p>
    )
  } else if (pages.loading) {
    content = (
      <p className="inbox__empty" role="status">
        {t('inbox.loading')}
      </p>
    )
  } else if (pages.rows.length === 0) {
    content = (
      <div className="inbox__empty" role="status">
        <p>{t('inbox.empty')}</p>
        <p className="inbox__hint">{t('inbox.emptyHint')}</p>
      </div>
    )
  } else {
    content = (
      <>
        {pages.error ? (
          <p className="inbox__error" role="alert">
            {describeError(pages.error)}
          </p>
        ) : null}
        <ThreadList pages={pages} />
      </>
    )
  }

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <header className="inbox__header">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => setComposerOpen(true)}
          data-testid="new-message"
        >
          <PencilIcon /> {t('composer.newMessage')}
        </button>
      </header>
      {content}
    </section>
  )
}
