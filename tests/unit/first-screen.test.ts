import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Response } from '../../src-preload/contract'

// The boot entry asks for the first screen's data before the app's code is loaded
// (src-renderer/src/api/first-screen.ts). These rules keep that from ever showing stale data.

type Listener = (payload: unknown) => void
type Pending = { resolve: (response: Response<unknown>) => void }

/** A stand-in for window.rapport that records calls and lets the test answer them. */
function fakeApi() {
  const calls: Array<{ name: string; input: unknown; answer: Pending }> = []
  const listeners = new Map<string, Set<Listener>>()
  const api = new Proxy(
    {},
    {
      get: (_target, domain: string) => {
        if (domain === 'on')
          return (event: string, listener: Listener) => {
            const set = listeners.get(event) ?? new Set()
            listeners.set(event, set.add(listener))
            return () => set.delete(listener)
          }
        return new Proxy(
          {},
          {
            get: (_t, verb: string) => (input: unknown) =>
              new Promise<Response<unknown>>((resolve) =>
                calls.push({ name: `${domain}.${verb}`, input, answer: { resolve } })
              )
          }
        )
      }
    }
  )
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload))
  const answer = (name: string, value: unknown) =>
    calls.find((c) => c.name === name)!.answer.resolve({ ok: true, value })
  return { api, calls, emit, answer }
}

let fake: ReturnType<typeof fakeApi>
beforeEach(() => {
  vi.resetModules()
  fake = fakeApi()
  vi.stubGlobal('window', { rapport: fake.api })
})
afterEach(() => {
  vi.unstubAllGlobals()
})

async function boot() {
  const firstScreen = await import('../../src-renderer/src/api/first-screen')
  const { callCommand } = await import('../../src-renderer/src/api/call-command')
  firstScreen.prefetchFirstScreen()
  return { ...firstScreen, callCommand }
}

const LIST = { inbox: 'all', status: 'all', sort: 'newest', unreplied: false, limit: 100 } as const

describe('the first screen, asked for before the app loads', () => {
  it('asks for the accounts and the first page of the default inbox before anything else', async () => {
    await boot()
    expect(fake.calls.slice(0, 2).map((c) => [c.name, c.input])).toEqual([
      ['accounts.list', {}],
      ['conversations.list', LIST]
    ])
  })

  it('hands each early answer to the first identical call only, whatever order its fields are in', async () => {
    const { callCommand } = await boot()
    const sent = fake.calls.length
    fake.answer('conversations.list', [{ id: 'c1' }])
    const reordered = { limit: 100, unreplied: false, sort: 'newest', status: 'all', inbox: 'all' } as const
    expect(await callCommand('conversations.list', reordered)).toEqual({ ok: true, value: [{ id: 'c1' }] })
    expect(fake.calls.length).toBe(sent)
    // The second identical call goes to the core.
    void callCommand('conversations.list', LIST)
    expect(fake.calls.length).toBe(sent + 1)
  })

  it('drops an answer not taken yet when a change touches a table it was read from', async () => {
    const { takeEarlyAnswer } = await boot()
    fake.emit('changed', { tables: ['conversations'], ids: [] })
    expect(takeEarlyAnswer('conversations.list', LIST)).toBeUndefined()
    expect(takeEarlyAnswer('accounts.list', {})).toBeDefined()
  })

  it('marks an answer a first render took as stale when its tables change before the hook listens', async () => {
    const { takeEarlyValue, isEarlyValueFresh } = await boot()
    fake.answer('accounts.list', [])
    fake.answer('members.list', [])
    await Promise.resolve()
    await Promise.resolve()
    const accounts = takeEarlyValue('accounts.list', {})!
    const members = takeEarlyValue('members.list', {})!
    expect(accounts.response).toEqual({ ok: true, value: [] })
    fake.emit('changed', { tables: ['accounts'], ids: [1] })
    expect(isEarlyValueFresh(accounts)).toBe(false)
    expect(isEarlyValueFresh(members)).toBe(true)
  })

  it('drops every early answer when the workspace is switched', async () => {
    const { takeEarlyAnswer } = await boot()
    fake.emit('workspace.switched', { workspace: 'sample' })
    expect(takeEarlyAnswer('accounts.list', {})).toBeUndefined()
    expect(takeEarlyAnswer('conversations.list', LIST)).toBeUndefined()
  })
})
