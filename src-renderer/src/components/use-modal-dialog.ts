// A native <dialog> shown modal while its component is mounted, giving focus back to what had it
// before (the button that opened it) when it goes.
import { useEffect, useRef } from 'react'

export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (dialog && !dialog.open) dialog.showModal()
    return () => opener?.focus()
  }, [])
  return ref
}
