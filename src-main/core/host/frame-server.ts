import type { CoreFrame, RequestFrame } from '../../../src-preload/contract'
import type { Core } from '../core'

/**
 * Serves the contract over any message channel (MessagePort, WebSocket): requests in,
 * responses and events out. One per connected UI; dispose() when the channel closes.
 */
export function serveFrames(
  core: Core,
  send: (frame: CoreFrame) => void
): { handle(data: unknown): void; dispose(): void } {
  const unsubscribe = core.events.subscribe((name, payload) => send({ type: 'event', name, payload }))
  return {
    handle(data: unknown) {
      const frame = data as Partial<RequestFrame> | null
      if (
        !frame ||
        frame.type !== 'request' ||
        typeof frame.id !== 'number' ||
        typeof frame.command !== 'string'
      )
        return
      const id = frame.id
      void core
        .dispatch(frame.command, frame.input)
        .then((response) => send({ type: 'response', id, response }))
    },
    dispose: unsubscribe
  }
}
