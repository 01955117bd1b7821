// The plumbing every single-key shortcut shares: one window keydown listener that stays off while
// the user types, inside a dialog (the composer owns the keyboard then), in the search bar and its
// panel (the conversation a key would change is hidden behind it), and with Ctrl, Meta or Alt held
// (those belong to the browser and the OS). The handler says whether it used the key.
import { useEffect, useRef } from 'react'
import { inOwnKeysPart } from '../../components/own-keys'

/** Inputs that take no typed text: with one focused (the Unreplied checkbox), keys are shortcuts. */
const NOT_TYPED = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'image',
  'file',
  'color',
  'range'
])

/** Whether keys pressed in this element are the user's typing (a select's pick by letter too). */
export function takesTyping(element: {
  tagName: string
  isContentEditable: boolean
  type?: string
}): boolean {
  if (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true
  return element.tagName === 'INPUT' && !NOT_TYPED.has((element.type ?? 'text').toLowerCase())
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && takesTyping(target as HTMLElement & { type?: string })
}

/**
 * The key as shortcuts name it: a letter in lower case, with "Shift+" when Shift is held, so Caps
 * Lock neither turns `u` into Shift+U nor stops `j` and `e`; any other key as the browser names it
 * ("#", "/", "Enter").
 */
export function shortcutKey(event: { key: string; shiftKey: boolean }): string {
  const { key } = event
  const letter = [...key].length === 1 && key.toLowerCase() !== key.toUpperCase()
  if (!letter) return key
  return event.shiftKey ? `Shift+${key.toLowerCase()}` : key.toLowerCase()
}

/**
 * The key (event.code) whose press a shortcut used, until another press. r, c, f and / move the
 * focus into a field, where the key's auto-repeats would otherwise be typed ("rr" in the reply).
 * One for the window, as each hook has a listener of its own.
 */
let heldShortcut: string | null = null

/**
 * `repeats`: whether a key held down acts again on each of its auto-repeats. Only keys that move
 * the selection should (holding j walks down the list, as in Gmail); a key that changes data or
 * opens something acts once per press, or holding e would close conversation after conversation
 * as each took the place of the one before.
 */
export function useShortcutKeys(
  handle: (event: KeyboardEvent) => boolean,
  { repeats = false }: { repeats?: boolean } = {}
): void {
  const latest = useRef(handle)
  useEffect(() => {
    latest.current = handle
  })

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (event.repeat && event.code === heldShortcut && isTyping(event.target)) {
        event.preventDefault()
        return
      }
      if (event.repeat && !repeats) return
      if (isTyping(event.target)) return
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return
      // A modal covers the conversation the keys would change, with focus on <body> too (a click
      // on its heading, its fields disabled while sending).
      // (A native <dialog> opened with showModal is modal without the attribute: Mailbox settings,
      // Add mailbox.)
      if (document.querySelector('[aria-modal="true"], dialog:modal')) return
      if (inOwnKeysPart(event.target)) return
      if (!latest.current(event)) return
      event.preventDefault()
      heldShortcut = event.code
    }
    // Any new press (captured, so before the listeners above) ends the hold: a key let go while
    // the window had no focus sends no keyup here.
    const onPress = (event: KeyboardEvent) => {
      if (!event.repeat) heldShortcut = null
    }
    window.addEventListener('keydown', onPress, true)
    window.addEventListener('keydown', onKeyDown)
    return () => {
      window.removeEventListener('keydown', onPress, true)
      window.removeEventListener('keydown', onKeyDown)
    }
  }, [repeats])
}
