import { useCallback, useEffect, useState } from 'react'

type Target = () => HTMLElement | null

/**
 * Gives focus back after a send. The fields are disabled while it is under way, which drops
 * focus, and a field still disabled cannot take it: the request waits for the render that enables
 * them again (the next animation frame sometimes came first, under load).
 */
export function useFocusAfterSend(pending: boolean): (target: Target) => void {
  const [request, setRequest] = useState<{ target: Target } | null>(null)
  useEffect(() => {
    if (!request || pending) return
    request.target()?.focus()
    setRequest(null)
  }, [request, pending])
  return useCallback((target: Target) => setRequest({ target }), [])
}
