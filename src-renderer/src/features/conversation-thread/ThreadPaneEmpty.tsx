// The reading pane when nothing is open. Its own module so the first inbox frame shows it
// without loading the thread view's code (the mail renderer, the composers).
import { useTranslation } from 'react-i18next'
import '../thread/thread.css'

export function ThreadPaneEmpty() {
  const { t } = useTranslation()
  return (
    <section className="thread-pane thread-pane--empty" aria-label={t('thread.paneLabel')}>
      <p>{t('thread.nothingOpen')}</p>
      <p className="thread-pane__hint">{t('crm.keyboardHint')}</p>
    </section>
  )
}
