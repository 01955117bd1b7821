// Escape for a layer opened over others (a menu over the contact drawer, the notification
// centre over a conversation): it closes that layer only. The layer hears the key first
// (capture) and keeps it from the ones below; not from the search bar, though: an Escape typed
// there steps back in the search (see own-keys), and the layer stays for the next one.
import { useEffect, useRef } from 'react'
import { isComposing } from './composing'
import { inOwnKeysPart } from './own-keys'

/**
 * Calls `onClose` on Escape while the calling component is mounted. Callers pass a new
 * `onClose` on every render; it is read through a ref, so the listener is registered once.
 * Returns that ref, for the layer's other listeners.
 */
export function useTopLayerEscape(onClose: () => void): { readonly current: () => void } {
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || isComposing(event) || inOwnKeysPart(event.target)) return
      event.preventDefault()
      event.stopPropagation()
      onCloseRef.current()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  return onCloseRef
}
