// A small floating menu: closes on Escape or a click outside, and takes focus when it opens
// so keyboard users land in it (and gives it back when it closes).
import { useEffect, useRef, type ReactNode } from 'react'
import './crm-components.css'
import { useTopLayerEscape } from './use-top-layer-escape'

type Props = { label: string; onClose: () => void; children: ReactNode; testId?: string; className?: string }

export function Popover({ label, onClose, children, testId, className }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  // Escape closes only the menu, not the drawer or dialog it was opened over. The listeners and
  // above all the initial focus stay put while the page around the menu re-renders.
  const onCloseRef = useTopLayerEscape(onClose)

  // Focus lands in the menu once, when it opens. Closed with focus inside it (Escape, a choice),
  // focus goes back to what opened it rather than to the top of the page.
  useEffect(() => {
    const node = ref.current
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    node?.querySelector<HTMLElement>('button, input, select, textarea')?.focus()
    return () => {
      const active = document.activeElement
      const lost = !active || active === document.body || !!node?.contains(active)
      if (lost && opener?.isConnected) opener.focus()
    }
  }, [])

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onCloseRef.current()
    }
    window.addEventListener('pointerdown', onPointer)
    return () => window.removeEventListener('pointerdown', onPointer)
  }, [onCloseRef])
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
