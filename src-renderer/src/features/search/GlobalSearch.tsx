// The search bar at the top of the window: contacts, messages and comments, everything synced,
// whatever inbox or filter is showing. Empty, it offers the recent searches.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { callCommand } from '../../api/call-command'
import { SearchPanel } from './SearchPanel'
import { RecentSearches } from './RecentSearches'
import { useOpenResult } from './open-result'
import { useSearchStore } from './search-store'
import { useDebouncedValue } from './use-debounced-value'
import './search.css'

const TYPING_PAUSE_MS = 200

export function GlobalSearch() {
  const { t } = useTranslation()
  const text = useSearchStore((state) => state.text)
  const open = useSearchStore((state) => state.open)
  const { setText, setOpen, setTab } = useSearchStore.getState()
  const query = useDebouncedValue(text.trim(), TYPING_PAUSE_MS)
  const openResult = useOpenResult()
  const rootRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)

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
    <div className="global-search" ref={rootRef}>
      <div className="global-search__bar" role="search">
        <input
          ref={inputRef}
          className="global-search__input"
          type="search"
          value={text}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          aria-expanded={open}
          onChange={(event) => setText(event.target.value)}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onKeyDown={(event) => {
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
        <SearchPanel
          query={query}
          onOpenThread={openResult}
          onLeaveResults={() => inputRef.current?.focus()}
        />
      ) : null}
    </div>
  )
}
