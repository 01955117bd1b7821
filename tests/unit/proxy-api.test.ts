import { describe, expect, it } from 'vitest'
import type { EventName } from '../../src-preload/contract'
import { buildProxyApi } from '../../src-renderer/src/api/proxy-api'

// The web renderer builds its api without the contract's list of names (so zod stays out of
// its bundle); it must still behave like the preload's api.

function client() {
  const requests: Array<[string, unknown]> = []
  const listeners = new Set<(name: EventName, payload: unknown) => void>()
  return {
    requests,
    emit: (name: EventName, payload: unknown) => listeners.forEach((l) => l(name, payload)),
    request: (command: string, input: unknown) => {
      requests.push([command, input])
      return Promise.resolve({ ok: true as const, value: command })
    },
    subscribe: (listener: (name: EventName, payload: unknown) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

describe('the web api built by a proxy', () => {
  it('sends domain.verb with the input for any command the code calls', async () => {
    const c = client()
    const api = buildProxyApi(c)
    expect(await api.conversations.list({ inbox: 'all', limit: 5 })).toEqual({
      ok: true,
      value: 'conversations.list'
    })
    expect(c.requests).toEqual([['conversations.list', { inbox: 'all', limit: 5 }]])
  })

  it('passes on only the event a listener asked for, until it unsubscribes', () => {
    const c = client()
    const api = buildProxyApi(c)
    const seen: unknown[] = []
    const off = api.on('changed', (payload) => seen.push(payload))
    c.emit('workspace.switched', { workspace: 'sample' })
    c.emit('changed', { tables: ['contacts'], ids: [] })
    off()
    c.emit('changed', { tables: ['leads'], ids: [] })
    expect(seen).toEqual([{ tables: ['contacts'], ids: [] }])
  })

  it('is not mistaken for a promise when it passes through one', async () => {
    const api = buildProxyApi(client())
    expect(await Promise.resolve(api)).toBe(api)
  })
})
