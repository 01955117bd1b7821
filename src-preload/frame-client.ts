// Correlates request frames with response frames over any transport. Kept apart from
// rapport-api.ts, and importing the contract for types only, so the web renderer can use it
// without bundling the contract's zod schemas.
import type { CoreFrame, EventName, RequestFrame, Response } from './contract'

export type EventListener = (name: EventName, payload: unknown) => void

/** Correlates request frames with response frames and fans events out to listeners. */
export class FrameClient {
  private nextId = 1
  private readonly pending = new Map<number, (response: Response<unknown>) => void>()
  private readonly listeners = new Set<EventListener>()

  constructor(private readonly post: (frame: RequestFrame) => void) {}

  request(command: string, input: unknown): Promise<Response<unknown>> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      try {
        this.post({ type: 'request', id, command, input: input ?? {} })
      } catch (error) {
        this.pending.delete(id)
        resolve({
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Could not reach the core: ${error instanceof Error ? error.message : String(error)}`
          }
        })
      }
    })
  }

  handleFrame(frame: CoreFrame): void {
    if (frame.type === 'response') {
      const resolve = this.pending.get(frame.id)
      this.pending.delete(frame.id)
      resolve?.(frame.response)
    } else if (frame.type === 'event') {
      for (const listener of this.listeners) listener(frame.name, frame.payload)
    }
  }

  /** Fails every request still waiting, e.g. when the connection to the core is lost. */
  failPending(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } })
    this.pending.clear()
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
