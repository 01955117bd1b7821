// Builds the typed `rapport` object (named functions, one per contract command) over any
// frame transport. The Electron preload and the web-mode client both use it, so the renderer
// sees exactly the same API in both hosts and nothing is written twice.
import {
  commandNames,
  eventNames,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type CoreFrame,
  type EventName,
  type EventPayload,
  type RequestFrame,
  type Response
} from './contract'

type DomainOf<K> = K extends `${infer D}.${string}` ? D : never
type Domain = DomainOf<CommandName>
// `{} extends Input` is the idiomatic test for "every field is optional", so such commands can
// be called without an argument.
type CommandFn<K extends CommandName> =
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  {} extends CommandInput<K>
    ? (input?: CommandInput<K>) => Promise<Response<CommandOutput<K>>>
    : (input: CommandInput<K>) => Promise<Response<CommandOutput<K>>>

export type RapportApi = {
  [D in Domain]: {
    [K in CommandName as K extends `${D}.${infer V}` ? V : never]: CommandFn<K>
  }
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

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
          error: { code: 'INTERNAL', message: `Could not reach the core: ${String(error)}` }
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

export function buildRapportApi(client: Pick<FrameClient, 'request' | 'subscribe'>): RapportApi {
  const api: Record<string, unknown> = {}
  for (const name of commandNames) {
    const [domain, verb] = name.split('.') as [string, string]
    const group = (api[domain] ??= {}) as Record<string, unknown>
    group[verb] = (input?: unknown) => client.request(name, input)
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${event}`)
    return client.subscribe((name, payload) => {
      if (name === event) listener(payload)
    })
  }
  return api as RapportApi
}
