// The search bar at the top of the window: contacts, messages and comments, everything synced,
// whatever inbox or filter is showing. Empty, it offers the recent searches. ArrowDown in the box
// moves into the list shown (results or recent searches), Escape there comes back to the box, and
// Escape in the box closes the panel.
import { useEffect, useId, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { callCommand } from '../../api/call-command'
import { SearchPanel } from './SearchPanel'
import { RecentSearches } from './RecentSearches'
import { useOpenResult } from './open-result'
import { useSearchStore } from './search-store'
import { useDebouncedValue } from './use-debounced-value'
import { isComposing } from '../../components/composing'
import './search.css'

const TYPING_PAUSE_MS = 200

type Props = {
  /** A modal dialog is open: the search bar under its backdrop takes neither focus nor keys. */
  inert?: boolean
}

export function GlobalSearch({ inert = false }: Props) {
  const { t } = useTranslation()
  const text = useSearchStore((state) => state.text)
  const open = useSearchStore((state) => state.open)
  const { setText, setOpen, setTab } = useSearchStore.getState()
  const query = useDebouncedValue(text.trim(), TYPING_PAUSE_MS)
  const openResult = useOpenResult()
  const rootRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const popupId = useId()

  // A click anywhere else closes the panel; what was typed stays for the next time.
  useEffect(() => {
    if (!open) return
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open, setOpen])

  const remember = () => {
    const { text: typed, tab } = useSearchStore.getState()
    if (typed.trim() !== '') void callCommand('search.remember', { query: typed.trim(), kind: tab })
  }

  return (
    // The search bar and its panel keep the keys typed in them (own-keys): no shortcut reaches the
    // conversation behind the panel. Focusable, so a click on a bare part of the panel keeps the
    // focus here rather than dropping it to the page, where the keys would be shortcuts again.
    <div
      className="global-search"
      ref={rootRef}
      // Only while the panel is shown: closed, a click on the bare bar (it spans the window) must
      // not leave the shortcuts of the conversation on screen dead.
      data-own-keys={open ? '' : undefined}
      tabIndex={open ? -1 : undefined}
      inert={inert}
      onKeyDown={(event) => {
        // Escape in the panel (a list, a tab, a button): back to the search box, and nothing
        // behind it (the contact drawer, a menu) takes it. The box's own Escape closes the panel.
        // "/", the shortcut to the search box, still leads there from the panel.
        if (!open || event.target === inputRef.current) return
        if (
          event.key === 'Escape' ||
          (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey)
        ) {
          event.preventDefault()
          inputRef.current?.focus()
        }
      }}
      onBlur={(event) => {
        // Tabbed out of the search: the panel closes, as on a click elsewhere, so it covers no
        // conversation the keys now act on. (No next element: the focus only dropped to the page.)
        const next = event.relatedTarget
        if (next instanceof Node && !event.currentTarget.contains(next)) setOpen(false)
      }}
    >
      <div className="global-search__bar" role="search">
        {/* A combobox, not a plain searchbox: only it may say that its panel is shown. */}
        <input
          ref={inputRef}
          className="global-search__input"
          type="search"
          role="combobox"
          value={text}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          aria-expanded={open}
          aria-controls={popupId}
          onChange={(event) => setText(event.target.value)}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onKeyDown={(event) => {
            // A key an input method is composing with (CJK) is its own: ArrowDown walks the
            // candidates, Enter commits them, Escape cancels; none is the search's.
            if (isComposing(event)) return
            if (event.key === 'Enter') remember()
            // Down into the results shown: their list takes the keys from there (ResultListbox).
            if (event.key === 'ArrowDown') {
              const results = rootRef.current?.querySelector<HTMLElement>('.search-panel [role="listbox"]')
              if (results) {
                event.preventDefault()
                results.focus()
              }
            }
            if (event.key === 'Escape') {
              // Chromium would also empty a search box on Escape: keep the text for next time.
              event.preventDefault()
              setOpen(false)
              inputRef.current?.blur()
            }
          }}
          data-testid="global-search-input"
        />
      </div>
      {/* Always there, so the box's aria-controls names an element even while nothing is shown. */}
      <div id={popupId}>
        {open && text.trim() === '' ? (
          <RecentSearches
            onPick={(recent) => {
              setText(recent.query)
              setTab(recent.kind)
              void callCommand('search.remember', { query: recent.query, kind: recent.kind })
              inputRef.current?.focus()
            }}
          />
        ) : null}
        {open && query !== '' && text.trim() !== '' ? (
          <SearchPanel query={query} onOpenThread={openResult} />
        ) : null}
      </div>
    </div>
  )
}
