// A small floating menu: closes on Escape or a click outside, and takes focus when it opens
// so keyboard users land in it.
import { useEffect, useRef, type ReactNode } from 'react'
import './crm-components.css'

type Props = { label: string; onClose: () => void; children: ReactNode; testId?: string; className?: string }

export function Popover({ label, onClose, children, testId, className }: Props) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('button, input, select, textarea')
    first?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        onClose()
      }
    }
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('pointerdown', onPointer)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('pointerdown', onPointer)
    }
  }, [onClose])
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
