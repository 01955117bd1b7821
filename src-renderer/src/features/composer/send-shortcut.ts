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

/** Inputs that Enter activates (a button, a file picker): their Enter is theirs. */
const ACTIVATED_BY_ENTER = new Set(['button', 'submit', 'reset', 'image', 'file'])

/**
 * For a composer's form: a plain Enter in a one-line field (an address, the subject, the Send
 * later time) would submit the form, and so send the message half written, to a writer finishing
 * an address or going on to the text. Only the Send button and Ctrl/Cmd+Enter send.
 */
export function keepEnterFromSending(event: KeyboardEvent): void {
  const target = event.target
  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || isComposing(event)) return
  if (target instanceof HTMLInputElement && !ACTIVATED_BY_ENTER.has(target.type)) event.preventDefault()
}
