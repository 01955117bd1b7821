// A small floating menu: closes on Escape or a click outside, and takes focus when it opens
// so keyboard users land in it.
import { useEffect, useRef, type ReactNode } from 'react'
import './crm-components.css'

type Props = { label: string; onClose: () => void; children: ReactNode; testId?: string; className?: string }

export function Popover({ label, onClose, children, testId, className }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  // Callers pass a new onClose on every render; read through a ref, so the listeners (and
  // above all the initial focus) stay put while the page around the menu re-renders.
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  // Focus lands in the menu once, when it opens.
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button, input, select, textarea')?.focus()
  }, [])

  useEffect(() => {
    // Escape closes only the menu, not the drawer or dialog it was opened over: the menu is
    // the top layer, so it hears the key first (capture) and keeps it from the others.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        onCloseRef.current()
      }
    }
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onCloseRef.current()
    }
    window.addEventListener('keydown', onKey, true)
    window.addEventListener('pointerdown', onPointer)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      window.removeEventListener('pointerdown', onPointer)
    }
  }, [])
  return (
    <div
      ref={ref}
      className={`popover ${className ?? ''}`}
      role="dialog"
      aria-label={label}
      data-testid={testId}
      onClick={(event) => event.stopPropagation()}
    >
      {children}
    </div>
  )
}
