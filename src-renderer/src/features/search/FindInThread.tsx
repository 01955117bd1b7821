// "Find in this conversation": a text box, the match counter and next/previous arrows, in the
// reading pane's header. Bodies mark the matches themselves (TextBody with React text, HtmlBody
// inside its sandboxed document); this bar counts them and moves the active one.
import { useEffect, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { activeLocation, totalMatches, useFindStore } from './find-store'
import { foldNeedle, isFindable } from './find-in-text'
import { isComposing } from '../../components/composing'
import './search.css'

type Props = { threadId: number; messageIds: number[] }

/** Brings the active match into view: the <mark> of a text body, or the frame of an HTML one. */
function revealActive(messageId: number): void {
  const message = document.querySelector(`[data-testid="message"][data-message-id="${messageId}"]`)
  const target =
    message?.querySelector('mark[data-find-active="true"]') ?? message?.querySelector('.mail-frame')
  target?.scrollIntoView({ block: 'center' })
}

export function FindInThread({ threadId, messageIds }: Props) {
  const { t } = useTranslation()
  const inputId = useId()
  const query = useFindStore((state) => state.query)
  const total = useFindStore(totalMatches)
  const active = useFindStore((state) => state.active)
  // Primitives, not the location object: a selector must not return a new object each time.
  const activeMessage = useFindStore((state) => activeLocation(state)?.messageId ?? null)
  const activeIndex = useFindStore((state) => activeLocation(state)?.index ?? null)
  const { start, setOrder, setQuery, step } = useFindStore.getState()
  const orderKey = messageIds.join(',')

  // A conversation opened from a search result arrives with its words already set (see
  // openFromSearch); any other starts empty.
  useEffect(() => {
    if (useFindStore.getState().threadId !== threadId) start(threadId)
  }, [threadId, start])
  useEffect(() => setOrder(orderKey === '' ? [] : orderKey.split(',').map(Number)), [orderKey, setOrder])
  useEffect(() => {
    if (activeMessage !== null) revealActive(activeMessage)
  }, [activeMessage, activeIndex])

  const searching = isFindable(foldNeedle(query))
  let counter = ''
  if (searching)
    counter = total === 0 ? t('search.find.none') : t('search.find.counter', { current: active + 1, total })

  return (
    <div className="find-bar" role="search" aria-label={t('search.find.label')}>
      <label className="visually-hidden" htmlFor={inputId}>
        {t('search.find.label')}
      </label>
      <input
        id={inputId}
        className="find-bar__input"
        type="search"
        value={query}
        placeholder={t('search.find.placeholder')}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter that commits the words typed with an input method is no step to the next match.
          if (isComposing(event)) return
          if (event.key === 'Enter') {
            event.preventDefault()
            step(event.shiftKey ? -1 : 1)
          } else if (event.key === 'Escape' && query !== '') {
            event.preventDefault()
            setQuery('')
          }
        }}
        data-testid="thread-find-input"
      />
      <span className="find-bar__counter" aria-live="polite" data-testid="thread-find-counter">
        {counter}
      </span>
      <button
        type="button"
        className="find-bar__arrow"
        onClick={() => step(-1)}
        disabled={total === 0}
        aria-label={t('search.find.previous')}
        title={t('search.find.previous')}
        data-testid="thread-find-previous"
      >
        ↑
      </button>
      <button
        type="button"
        className="find-bar__arrow"
        onClick={() => step(1)}
        disabled={total === 0}
        aria-label={t('search.find.next')}
        title={t('search.find.next')}
        data-testid="thread-find-next"
      >
        ↓
      </button>
    </div>
  )
}
