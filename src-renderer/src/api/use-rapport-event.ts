import { useEffect, useRef } from 'react'
import type { EventName, EventPayload } from '../../../src-preload/contract'
import { getApi } from './rapport-client'

/** Subscribes to a core event for the component's lifetime; the latest listener is always used. */
export function useRapportEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void
): void {
  const listenerRef = useRef(listener)
  useEffect(() => {
    listenerRef.current = listener
  })
  useEffect(() => getApi().on(event, (payload) => listenerRef.current(payload)), [event])
}
