import { EventEmitter } from 'node:events'
import type { EventName, EventPayload } from '../../src-preload/contract'

/** Typed core -> UI events. Hosts subscribe and forward them over their transport. */
export class CoreEvents {
  private readonly emitter = new EventEmitter()

  constructor() {
    // Every connected window and the web socket subscribe; that is a handful, not a leak.
    this.emitter.setMaxListeners(100)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', name, payload)
  }

  subscribe(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }
}
