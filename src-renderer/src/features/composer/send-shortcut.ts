// Ctrl+Enter (Cmd+Enter on macOS) sends from a composer, as in most mail clients; not while an
// input method composes, when Enter is the input method's (it commits the characters).
import type { KeyboardEvent } from 'react'
import { isComposing } from '../../components/composing'

/** A keydown handler that calls `send` on Ctrl/Cmd+Enter, in place of the Enter's newline. */
export function sendOnShortcut(send: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || isComposing(event)) return
    // On a button (Close, Add Cc, remove an attachment) the key is the button's own.
    if (event.target instanceof HTMLElement && event.target.closest('button')) return
    event.preventDefault()
    send()
  }
}
