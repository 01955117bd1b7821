// The web client's `RapportApi`: the same shape as buildRapportApi's, built on demand by a Proxy
// instead of from the contract's list of names, so the contract's zod schemas stay out of the
// renderer bundle (a sixth of it, parsed before the first paint). Types still come from the
// contract, and the core answers UNKNOWN_COMMAND for a name it does not have.
import type { EventName } from '../../../src-preload/contract'
import type { FrameClient } from '../../../src-preload/frame-client'
import type { RapportApi } from '../../../src-preload/rapport-api'

type Client = Pick<FrameClient, 'request' | 'subscribe'>

export function buildProxyApi(client: Client): RapportApi {
  const on = (event: EventName, listener: (payload: unknown) => void) =>
    client.subscribe((name, payload) => {
      if (name === event) listener(payload)
    })
  const domains = new Map<string, object>()
  const domainApi = (domain: string) =>
    new Proxy(
      {},
      {
        get: (_target, verb) =>
          typeof verb === 'string'
            ? (input?: unknown) => client.request(`${domain}.${verb}`, input)
            : undefined
      }
    )
  return new Proxy({} as RapportApi, {
    get(_target, key) {
      if (key === 'on') return on
      // 'then' is looked up when the api passes through a promise; it must not look thenable.
      if (typeof key !== 'string' || key === 'then') return undefined
      let domain = domains.get(key)
      if (!domain) domains.set(key, (domain = domainApi(key)))
      return domain
    }
  })
}
