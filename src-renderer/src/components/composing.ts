// A key pressed while an input method composes (Chinese, Japanese, Korean) is the input method's:
// Enter commits the characters, Escape cancels them, the arrows and Tab walk the candidates.
// A field's own keys (send, pick, save, clear) and the Escape that closes a dialog or drawer
// around it wait for the next key. keyCode 229 too: some browsers send the key that starts or
// ends a composition with isComposing still false.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react'

/** Whether an input method has this key (a window listener's event, or one React passes). */
export function isComposing(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  const native = 'nativeEvent' in event ? event.nativeEvent : event
  return native.isComposing || native.keyCode === 229
}
