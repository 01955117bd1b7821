import { EventEmitter } from 'node:events'
import type { EventName, EventPayload } from '../../src-preload/contract'

type Listener = (name: EventName, payload: unknown) => void

/**
 * Typed core -> UI events. Hosts subscribe and forward them over their transport.
 *
 * Events are emitted from inside the sync, the outbox and the commands, often in the middle of
 * their work: a subscriber that throws (a window's port that closed, a payload it cannot send)
 * must not abort that work, nor keep the other subscribers from hearing the event. So each
 * listener runs on its own; a failure is logged by event name and error only, never with the
 * payload (it can hold mail and addresses).
 */
export class CoreEvents {
  private readonly emitter = new EventEmitter()

  constructor(private readonly log: (message: string) => void = (message) => console.error(message)) {
    // Every connected window and the web socket subscribe; that is a handful, not a leak.
    this.emitter.setMaxListeners(100)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', name, payload)
  }

  subscribe(listener: Listener): () => void {
    const isolated: Listener = (name, payload) => {
      try {
        listener(name, payload)
      } catch (error) {
        this.log(`A listener of the ${name} event failed: ${describe(error)}`)
      }
    }
    this.emitter.on('event', isolated)
    return () => this.emitter.off('event', isolated)
  }
}

/** The error's kind and message, not its stack or properties (which may quote the payload). */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return typeof error
}
