// Mail-client keys for the thread list: j/k move the selection, Enter opens it. They work
// anywhere except while typing, so reading a thread and pressing j goes on to the next one.
import { useEffect, useRef } from 'react'

type Options = {
  count: number
  selectedIndex: number
  /** The list element; arrow keys only move the selection while it has focus. */
  listRef: React.RefObject<HTMLElement | null>
  onSelect: (index: number) => void
  onOpen: (index: number) => void
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function useListKeyboard(options: Options): void {
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
  })

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { count, selectedIndex, listRef, onSelect, onOpen } = latest.current
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || count === 0) return
      if (isTyping(event.target)) return
      const target = event.target instanceof Element ? event.target : null
      // A dialog (the composer) owns the keyboard while it is open.
      if (target?.closest('[role="dialog"]')) return
      const inList = !!target && !!listRef.current?.contains(target)
      const onPage = inList || target === document.body || target === null

      let next: number | null = null
      if (event.key === 'j' || (event.key === 'ArrowDown' && inList))
        next = Math.min(count - 1, selectedIndex + 1)
      else if (event.key === 'k' || (event.key === 'ArrowUp' && inList)) next = Math.max(0, selectedIndex - 1)
      else if (event.key === 'Home' && inList) next = 0
      else if (event.key === 'End' && inList) next = count - 1
      else if (event.key === 'Enter' && onPage && selectedIndex >= 0) {
        event.preventDefault()
        onOpen(selectedIndex)
        return
      }
      if (next === null) return
      event.preventDefault()
      onSelect(selectedIndex < 0 ? 0 : next)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
