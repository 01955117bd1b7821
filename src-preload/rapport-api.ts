// Builds the typed `rapport` object (named functions, one per contract command) over any
// frame transport. The Electron preload and the web-mode client both use it, so the renderer
// sees exactly the same API in both hosts and nothing is written twice.
import {
  commandNames,
  eventNames,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayload,
  type Response
} from './contract'
import type { FrameClient } from './frame-client'

export { FrameClient, type EventListener } from './frame-client'

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
