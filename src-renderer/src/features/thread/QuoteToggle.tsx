import { useTranslation } from 'react-i18next'

type Props = {
  expanded: boolean
  onToggle: () => void
  /** The id of the element showing the quote, while it is shown. */
  controls: string
}

/**
 * "Show quoted text" under a message whose earlier conversation is folded (text-quote.ts,
 * html-quote.ts), in the app rather than in the mail's frame: the frame runs no script, so
 * only the app can resize it for what it shows.
 */
export function QuoteToggle({ expanded, onToggle, controls }: Props) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      className="quote-toggle"
      aria-expanded={expanded}
      aria-controls={expanded ? controls : undefined}
      onClick={onToggle}
      data-testid="quote-toggle"
    >
      <span className="quote-toggle__dots" aria-hidden="true">
        •••
      </span>
      {expanded ? t('thread.hideQuoted') : t('thread.showQuoted')}
    </button>
  )
}
