// The desktop app's core (a utilityProcess) dying: a crash, running out of memory, a kill.
// Main (src-main/app/core-process.ts) and the preload (src-preload/index.ts) are run together
// against a fake of the electron module (Electron's binary cannot run here): the fake window
// hands what main sends it straight to the preload's ipcRenderer listeners, and the test plays
// the core on the other end of the MessagePort.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CoreStatus, RapportHost } from '../../src-preload/host-hooks'
import type { RapportApi } from '../../src-preload/rapport-api'

type Listener = (...args: unknown[]) => void

const fake = vi.hoisted(() => {
  type Handlers = Map<string, Array<(...args: unknown[]) => void>>
  const emitter = (map: Handlers) => ({
    on: (event: string, fn: (...args: unknown[]) => void) =>
      // (Before the fix, CoreProcess took an optional onExit listener and passed it on as is.)
      void (typeof fn === 'function' && map.set(event, [...(map.get(event) ?? []), fn])),
    once(event: string, fn: (...args: unknown[]) => void) {
      const once = (...args: unknown[]) => {
        map.set(
          event,
          (map.get(event) ?? []).filter((l) => l !== once)
        )
        fn(...args)
      }
      this.on(event, once)
    },
    removeListener: (event: string, fn: (...args: unknown[]) => void) =>
      void map.set(
        event,
        (map.get(event) ?? []).filter((l) => l !== fn)
      ),
    emit: (event: string, ...args: unknown[]) => [...(map.get(event) ?? [])].forEach((l) => l(...args))
  })
  /** One forked core: what main posts to it, and a way to make it speak or die. */
  type Child = {
    handlers: Handlers
    received: Array<{ message: { type: string }; ports: unknown[] }>
    killed: boolean
    emit(event: string, ...args: unknown[]): void
  }
  return {
    emitter,
    children: [] as Child[],
    ipcRenderer: new Map() as Handlers,
    ipcMain: new Map() as Handlers,
    sentToMain: [] as Array<{ channel: string; args: unknown[] }>,
    exposed: new Map<string, unknown>()
  }
})

vi.mock('electron', () => {
  /** Main's end (to the core) and the page's end (a DOM MessagePort) of one channel. */
  class MessageChannelMain {
    readonly port1: { postMessage(data: unknown): void; deliver?: (data: unknown) => void }
    readonly port2: {
      postMessage(data: unknown): void
      close(): void
      onmessage: ((e: { data: unknown }) => void) | null
    }
    constructor() {
      const page = {
        onmessage: null as ((e: { data: unknown }) => void) | null,
        close: () => undefined,
        postMessage: (data: unknown) => core.deliver?.(structuredClone(data))
      }
      const core: { postMessage(data: unknown): void; deliver?: (data: unknown) => void } = {
        postMessage: (data: unknown) => page.onmessage?.({ data: structuredClone(data) })
      }
      this.port1 = core
      this.port2 = page
    }
  }
  return {
    utilityProcess: {
      fork: () => {
        const handlers = new Map<string, Array<(...args: unknown[]) => void>>()
        const events = fake.emitter(handlers)
        const child = {
          handlers,
          received: [] as Array<{ message: { type: string }; ports: unknown[] }>,
          killed: false,
          emit: events.emit,
          on: events.on,
          once: events.once,
          postMessage: (message: { type: string }, ports: unknown[] = []) =>
            void child.received.push({ message, ports }),
          kill: () => {
            child.killed = true
            queueMicrotask(() => events.emit('exit', 0))
            return true
          }
        }
        fake.children.push(child)
        return child
      }
    },
    MessageChannelMain,
    safeStorage: { isEncryptionAvailable: () => false },
    shell: { openExternal: async () => undefined },
    app: { on: () => undefined, quit: () => undefined },
    ipcMain: fake.emitter(fake.ipcMain),
    ipcRenderer: {
      ...fake.emitter(fake.ipcRenderer),
      send: (channel: string, ...args: unknown[]) => {
        fake.sentToMain.push({ channel, args })
        fake.emitter(fake.ipcMain).emit(channel, { sender: null }, ...args)
      }
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) }
  }
})

/** The window's webContents: what main sends goes to the preload's ipcRenderer listeners. */
function fakeContents() {
  const own = fake.emitter(new Map())
  const toPage = fake.emitter(fake.ipcRenderer)
  return {
    ...own,
    isDestroyed: () => false,
    send: (channel: string, ...args: unknown[]) => toPage.emit(channel, { ports: [] }, ...args),
    postMessage: (channel: string, message: unknown, ports: unknown[] = []) =>
      toPage.emit(channel, { ports }, message)
  }
}

type CorePort = { postMessage(data: unknown): void; deliver?: (data: unknown) => void }
type Request = { type: 'request'; id: number; command: string }

/** Plays the core on the window's newest port: records requests, answers when asked. */
function coreSide(child: (typeof fake.children)[number]) {
  const requests: Request[] = []
  const portMessages = child.received.filter((r) => r.message.type === 'window-port')
  const port = portMessages.at(-1)?.ports[0] as CorePort | undefined
  if (port) port.deliver = (data) => void requests.push(data as Request)
  return {
    connected: port !== undefined,
    requests,
    answer: (request: Request, value: unknown) =>
      port!.postMessage({ type: 'response', id: request.id, response: { ok: true, value } })
  }
}

let api: RapportApi
let host: RapportHost
let CoreProcess: typeof import('../../src-main/app/core-process').CoreProcess

beforeEach(async () => {
  vi.useFakeTimers()
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  fake.children.length = 0
  fake.ipcRenderer.clear()
  fake.ipcMain.clear()
  fake.sentToMain.length = 0
  vi.resetModules()
  // A fresh page: its preload, and a fresh main process.
  await import('../../src-preload/index')
  api = fake.exposed.get('rapport') as RapportApi
  host = fake.exposed.get('rapportHost') as RapportHost
  ;({ CoreProcess } = await import('../../src-main/app/core-process'))
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Whether a promise has settled after the pending microtasks and `ms` of fake time. */
async function settledWithin<T>(promise: Promise<T>, ms = 0): Promise<{ done: boolean; value?: T }> {
  let result: { done: boolean; value?: T } = { done: false }
  void promise.then((value) => (result = { done: true, value }))
  await vi.advanceTimersByTimeAsync(ms)
  return result
}

/** Starts main's CoreProcess with one window connected to a core that said it is ready. */
async function runningApp() {
  const core = new CoreProcess('/tmp/rapport-crash-test')
  const contents = fakeContents()
  fake.children[0]!.emit('message', { type: 'ready' })
  await core.connect(contents as never)
  await vi.advanceTimersByTimeAsync(0)
  return { core, contents }
}

describe('the core process dying under the desktop app', () => {
  it('answers a request in flight when the core dies with an error, instead of waiting for ever', async () => {
    await runningApp()
    const first = coreSide(fake.children[0]!)
    expect(first.connected).toBe(true)
    const pending = api.app.info()
    await vi.advanceTimersByTimeAsync(0)
    expect(first.requests.map((r) => r.command)).toEqual(['app.info'])
    // The core is killed (OOM, a crash): its exit code is not 0.
    fake.children[0]!.emit('exit', 134)
    const settled = await settledWithin(pending, 100)
    expect(settled.done).toBe(true)
    expect(settled.value).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect((settled.value as { error: { message: string } }).error.message).toMatch(/stopped unexpectedly/)
  })

  it('tells the window, starts the core again after a pause, and reconnects the window to it', async () => {
    await runningApp()
    const statuses: CoreStatus[] = []
    host.onCoreStatus((status) => statuses.push(status))
    fake.children[0]!.emit('exit', 134)
    await vi.advanceTimersByTimeAsync(0)
    expect(statuses.at(-1)).toMatchObject({ state: 'restarting' })
    // While it restarts, a request fails at once rather than going to the dead port.
    expect(await settledWithin(api.app.info())).toMatchObject({ done: true, value: { ok: false } })
    // Not at once: a pause first.
    expect(fake.children).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(fake.children).toHaveLength(2)
    fake.children[1]!.emit('message', { type: 'ready' })
    await vi.advanceTimersByTimeAsync(0)
    expect(statuses.at(-1)).toEqual({ state: 'running' })
    const second = coreSide(fake.children[1]!)
    expect(second.connected).toBe(true)
    const info = api.app.info()
    await vi.advanceTimersByTimeAsync(0)
    second.answer(second.requests[0]!, { version: '0.1.0' })
    expect(await settledWithin(info)).toEqual({
      done: true,
      value: { ok: true, value: { version: '0.1.0' } }
    })
  })

  it('stops restarting a core that dies at each start, says so, and starts it again only when asked', async () => {
    const core = new CoreProcess('/tmp/rapport-crash-test')
    const contents = fakeContents()
    const statuses: CoreStatus[] = []
    host.onCoreStatus((status) => statuses.push(status))
    // The page loaded and asked before the core was ever ready.
    void core.connect(contents as never)
    const asked = api.app.info()
    for (let start = 0; start < 10; start++) {
      const child = fake.children.at(-1)!
      child.emit('exit', 1)
      await vi.advanceTimersByTimeAsync(60_000)
    }
    // A few tries, then it stops: no loop hammering a core that cannot start.
    expect(fake.children.length).toBeGreaterThanOrEqual(2)
    expect(fake.children.length).toBeLessThanOrEqual(4)
    expect(statuses.at(-1)).toMatchObject({ state: 'stopped' })
    expect(await settledWithin(asked)).toMatchObject({
      done: true,
      value: { ok: false, error: { code: 'INTERNAL' } }
    })
    const forks = fake.children.length
    // As main.ts wires it: the page's "Try again" reaches the CoreProcess.
    fake.emitter(fake.ipcMain).on('rapport:core-restart', () => core.restart())
    host.restartCore()
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.children).toHaveLength(forks + 1)
    fake.children.at(-1)!.emit('message', { type: 'ready' })
    await vi.advanceTimersByTimeAsync(0)
    expect(statuses.at(-1)).toEqual({ state: 'running' })
    expect(coreSide(fake.children.at(-1)!).connected).toBe(true)
  })

  it('starts one core when Try again is clicked twice before the new core is ready', async () => {
    const core = new CoreProcess('/tmp/rapport-crash-test')
    void core.connect(fakeContents() as never)
    for (let start = 0; start < 10; start++) {
      fake.children.at(-1)!.emit('exit', 1)
      await vi.advanceTimersByTimeAsync(60_000)
    }
    const forks = fake.children.length
    fake.emitter(fake.ipcMain).on('rapport:core-restart', () => core.restart())
    // The banner says "stopped" with its button until the new core is ready: a double click.
    host.restartCore()
    host.restartCore()
    await vi.advanceTimersByTimeAsync(0)
    // Every core started and not killed runs on the same data directory.
    expect(fake.children.slice(forks).filter((c) => !c.killed)).toHaveLength(1)
  })

  it('counts only deaths soon after a start: a core that ran for a long while is restarted again', async () => {
    await runningApp()
    for (let crash = 0; crash < 6; crash++) {
      await vi.advanceTimersByTimeAsync(10 * 60_000)
      fake.children.at(-1)!.emit('message', { type: 'ready' })
      fake.children.at(-1)!.emit('exit', 134)
      await vi.advanceTimersByTimeAsync(5_000)
    }
    expect(fake.children).toHaveLength(7)
  })

  it('tells a page that subscribes only after the core stopped that it is down', async () => {
    await runningApp()
    fake.children[0]!.emit('exit', 134)
    const statuses: CoreStatus[] = []
    host.onCoreStatus((status) => statuses.push(status))
    expect(statuses).toEqual([{ state: 'restarting', exitCode: 134, retryInMs: 1000 }])
  })

  it('does not restart the core the app stops as it quits', async () => {
    const { core } = await runningApp()
    const statuses: Listener[] = []
    host.onCoreStatus((status) => statuses.push(status as never))
    core.stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.children).toHaveLength(1)
    expect(fake.children[0]!.killed).toBe(true)
    expect(statuses).toEqual([])
  })
})

describe("the window's banner follows the core's process", () => {
  it('shows the core stopping as a lost connection, and its Try again starts it again', async () => {
    let tell: (status: CoreStatus) => void = () => undefined
    const restartCore = vi.fn()
    vi.stubGlobal('window', {
      rapport: {},
      rapportHost: {
        onClosing: () => () => undefined,
        onCoreStatus: (listener: (status: CoreStatus) => void) => {
          tell = listener
          return () => undefined
        },
        restartCore
      },
      location: { search: '', protocol: 'file:', host: '' }
    })
    try {
      const client = await import('../../src-renderer/src/api/rapport-client')
      const seen: string[] = []
      client.subscribeConnection(() => seen.push(client.getConnectionState()))
      expect(client.getConnectionState()).toBe('open')
      expect(client.isDesktop()).toBe(true)
      tell({ state: 'restarting', exitCode: 134, retryInMs: 1000 })
      tell({ state: 'stopped', exitCode: 134 })
      client.reconnect()
      expect(restartCore).toHaveBeenCalledTimes(1)
      tell({ state: 'running' })
      expect(seen).toEqual(['reconnecting', 'lost', 'open'])
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
