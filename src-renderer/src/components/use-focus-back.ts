import { useEffect, useState } from 'react'

/**
 * Gives focus back to what had it when the component mounted (the button that opened a dialog)
 * once it unmounts. Read at the first render, before the panes behind the dialog turn inert and
 * drop their focus: call it from a component that renders in the same commit as the opening.
 */
export function useFocusBack(): void {
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null
  )
  useEffect(() => () => opener?.focus(), [opener])
}
