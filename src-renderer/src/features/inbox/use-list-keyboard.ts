// Mail-client keys for the thread list: j/k move the selection, Enter opens it. They work
// anywhere except while typing, so reading a thread and pressing j goes on to the next one.
import { shortcutKey, useShortcutKeys } from './use-shortcut-keys'

type Options = {
  count: number
  selectedIndex: number
  /** The list element; arrow keys only move the selection while it has focus. */
  listRef: React.RefObject<HTMLElement | null>
  onSelect: (index: number) => void
  onOpen: (index: number) => void
}

export function useListKeyboard(options: Options): void {
  // Held, j and k walk the list, as in Gmail (a held Enter opens the same row again: no change).
  useShortcutKeys(
    (event) => {
      const { count, selectedIndex, listRef, onSelect, onOpen } = options
      if (count === 0) return false
      const target = event.target instanceof Element ? event.target : null
      const inList = !!target && !!listRef.current?.contains(target)
      const onPage = inList || target === document.body || target === null

      const key = shortcutKey(event)
      let next: number | null = null
      if (key === 'j' || (event.key === 'ArrowDown' && inList)) next = Math.min(count - 1, selectedIndex + 1)
      else if (key === 'k' || (event.key === 'ArrowUp' && inList)) next = Math.max(0, selectedIndex - 1)
      else if (event.key === 'Home' && inList) next = 0
      else if (event.key === 'End' && inList) next = count - 1
      else if (event.key === 'Enter' && onPage && selectedIndex >= 0) {
        onOpen(selectedIndex)
        return true
      }
      if (next === null) return false
      onSelect(selectedIndex < 0 ? 0 : next)
      return true
    },
    { repeats: true }
  )
}
