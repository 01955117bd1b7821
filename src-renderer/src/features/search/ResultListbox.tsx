// One list of the search panel (results, or recent searches) as a list box, moved through with the
// keys of the conversation list: ArrowDown/ArrowUp or j/k, Home/End, Enter opens the selected item.
// The focus stays on the list and aria-activedescendant names the selected item, as in the
// conversation list; Escape, back to the search box, is the search bar's (GlobalSearch).
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { shortcutKey } from '../inbox/use-shortcut-keys'

type Props<T> = {
  items: readonly T[]
  label: string
  /** The selected result's index; -1 when none is. */
  selected: number
  onSelect: (index: number) => void
  onOpen: (item: T) => void
  itemKey: (item: T) => string | number
  /** A result that cannot be opened (a message not in a conversation yet). */
  disabled?: (item: T) => boolean
  testId: string
  children: (item: T) => ReactNode
}

export function ResultListbox<T>(props: Props<T>) {
  const { items, label, selected, onSelect, onOpen, itemKey, disabled, testId, children } = props
  const baseId = useId()
  const listRef = useRef<HTMLUListElement>(null)
  // A refreshed search may bring fewer results than before: the selection stays on the last one.
  const current = Math.min(selected, items.length - 1)
  const optionId = (index: number) => `${baseId}-${index}`
  const open = (item: T | undefined) => {
    if (item !== undefined && !disabled?.(item)) onOpen(item)
  }

  useEffect(() => {
    if (current >= 0) listRef.current?.children[current]?.scrollIntoView({ block: 'nearest' })
  }, [current])

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const key = shortcutKey(event)
    const last = items.length - 1
    let next: number | null = null
    if (key === 'j' || key === 'ArrowDown') next = Math.min(last, current + 1)
    else if (key === 'k' || key === 'ArrowUp') next = Math.max(0, current - 1)
    else if (key === 'Home') next = 0
    else if (key === 'End') next = last
    else if (key === 'Enter') open(items[current])
    else return
    // Handled here: the window's shortcuts (j/k of the conversation list behind) leave it alone.
    event.preventDefault()
    if (next !== null) onSelect(current < 0 ? 0 : next)
  }

  return (
    <ul
      ref={listRef}
      className="search-results"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={current >= 0 ? optionId(current) : undefined}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        // Reached by keyboard (ArrowDown in the search box, or Tab), the first result is selected,
        // as in any list box. Not on a click: that opens the result clicked, and scrolling to the
        // first one under the pointer would make the click miss it.
        const list = event.currentTarget
        if (event.target === list && current < 0 && items.length > 0 && list.matches(':focus-visible'))
          onSelect(0)
      }}
    >
      {items.map((item, index) => (
        <li
          key={itemKey(item)}
          id={optionId(index)}
          role="option"
          aria-selected={index === current}
          aria-disabled={disabled?.(item) || undefined}
          className="search-result"
          onClick={() => open(item)}
          data-testid={testId}
        >
          {children(item)}
        </li>
      ))}
    </ul>
  )
}
