// Where focus goes when an Undo toast goes from under it (the send toast, the discarded-draft
// notice): back where it came from, not to the top of the page.
import { useLayoutEffect, useRef, type FocusEvent } from 'react'

/**
 * The toast goes (Send now, its close button, the end of the countdown) with focus in it: focus
 * goes back to where it came from (the reply box the reply was sent from), or to the conversation
 * list when that is gone, not to the top of the page. Returns the toast's focus handlers.
 */
export function useFocusBackFromToast() {
  /** Set while focus is in the toast: the element it came from. */
  const inside = useRef<{ from: HTMLElement | null } | null>(null)
  // A layout effect: its cleanup runs while the toast is still in the page, focus still in it.
  useLayoutEffect(
    () => () => {
      if (!inside.current) return
      const active = document.activeElement
      if (active && active !== document.body && !active.closest('.undo-toast')) return
      const from = inside.current.from?.isConnected ? inside.current.from : null
      ;(from ?? document.querySelector<HTMLElement>('[data-testid="conversation-list"]'))?.focus()
    },
    []
  )
  return {
    onFocus: (event: FocusEvent<HTMLElement>) => {
      const previous = event.relatedTarget
      const outside = previous instanceof HTMLElement && !event.currentTarget.contains(previous)
      inside.current ??= { from: outside ? previous : null }
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget)) inside.current = null
    }
  }
}
