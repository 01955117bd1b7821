// Closing the desktop window, or quitting, waits for the page to save what is being written
// (src-main/app/settle-before-close.ts, the preload's half in src-preload/index.ts), against a
// fake of the electron module: Electron's binary cannot run here.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RapportHost } from '../../src-preload/host-hooks'

type Listener = (...args: unknown[]) => void

const fake = vi.hoisted(() => {
  const listeners = (map: Map<string, Listener[]>) => ({
    on: (event: string, listener: Listener) => void map.set(event, [...(map.get(event) ?? []), listener]),
    removeListener: (event: string, listener: Listener) =>
      void map.set(
        event,
        (map.get(event) ?? []).filter((l) => l !== listener)
      ),
    emit: (event: string, ...args: unknown[]) => (map.get(event) ?? []).forEach((l) => l(...args))
  })
  return {
    listeners,
    app: new Map<string, Listener[]>(),
    ipcMain: new Map<string, Listener[]>(),
    ipcRenderer: new Map<string, Listener[]>(),
    sentToMain: [] as string[],
    exposed: new Map<string, unknown>(),
    quits: 0
  }
})

vi.mock('electron', () => ({
  app: {
    ...fake.listeners(fake.app),
    quit: () => {
      fake.quits++
      fake.listeners(fake.app).emit('before-quit')
    }
  },
  ipcMain: fake.listeners(fake.ipcMain),
  ipcRenderer: {
    ...fake.listeners(fake.ipcRenderer),
    send: (channel: string) => fake.sentToMain.push(channel)
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) }
}))

const { settleBeforeClose, SESSION_END_SETTLE_MS, SETTLE_TIMEOUT_MS } =
  await import('../../src-main/app/settle-before-close')
await import('../../src-preload/index')
const host = fake.exposed.get('rapportHost') as RapportHost

/** A window whose page answers rapport:settle as `answer` says. */
function windowWith(answer: 'at once' | 'never' | 'gone', timeoutMs = 3000) {
  const own = fake.listeners(new Map<string, Listener[]>())
  const ipcListeners = new Map<string, Listener[]>()
  const ipc = fake.listeners(ipcListeners)
  const asked: string[] = []
  const contents = {
    ipc: { once: ipc.on, removeListener: ipc.removeListener },
    once: own.on,
    removeListener: own.removeListener,
    isDestroyed: () => answer === 'gone',
    isCrashed: () => false,
    send: (channel: string) => {
      asked.push(channel)
      if (answer === 'at once') queueMicrotask(() => ipc.emit('rapport:settled', {}))
    }
  }
  let closed = 0
  const window = {
    webContents: contents,
    on: own.on,
    isDestroyed: () => closed > 0,
    /** Electron's close: the 'close' listeners may prevent it. */
    close: () => {
      let prevented = false
      own.emit('close', { preventDefault: () => (prevented = true) })
      if (!prevented) closed++
    }
  }
  settleBeforeClose(window as never, timeoutMs)
  const page = {
    gone: () => own.emit('render-process-gone'),
    listening: () => (ipcListeners.get('rapport:settled') ?? []).length
  }
  /** What Electron emits on the window when Windows ends the session; says whether it was held. */
  const sessionEnd = (event: 'query-session-end' | 'session-end') => {
    let held = false
    own.emit(event, { preventDefault: () => (held = true), reasons: ['shutdown'] })
    return held
  }
  return { window, asked, page, sessionEnd, closed: () => closed }
}

describe('closing the window waits for the page to save', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('holds the first close until the page says it saved, then closes', async () => {
    const { window, asked, page, closed } = windowWith('at once')
    window.close()
    expect(closed()).toBe(0)
    // Closed again while the page saves: it is not asked twice.
    window.close()
    expect(asked).toEqual(['rapport:settle'])
    await vi.waitFor(() => expect(closed()).toBe(1))
    expect(page.listening()).toBe(0)
  })

  it('closes after the timeout when the page never answers, at once when it is gone or its renderer goes', async () => {
    const hung = windowWith('never')
    hung.window.close()
    await vi.advanceTimersByTimeAsync(2999)
    expect(hung.closed()).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(() => expect(hung.closed()).toBe(1))
    const gone = windowWith('gone')
    gone.window.close()
    await vi.waitFor(() => expect(gone.closed()).toBe(1))
    expect(gone.asked).toEqual([])
    const crashing = windowWith('never')
    crashing.window.close()
    crashing.page.gone()
    await vi.waitFor(() => expect(crashing.closed()).toBe(1))
    expect(crashing.page.listening()).toBe(0)
  })

  it('asks for the quit again once the page saved, when a quit held the close', async () => {
    const { window, closed } = windowWith('at once')
    const quitsBefore = fake.quits
    fake.listeners(fake.app).emit('before-quit')
    window.close()
    await vi.waitFor(() => expect(fake.quits).toBe(quitsBefore + 1))
    // That quit closes the window, which is not held again.
    window.close()
    expect(closed()).toBe(1)
  })
})

describe('Windows ending the session (shut down, restart, log off)', () => {
  // Windows may end Rapport then without a quit: no 'before-quit', no close to hold. What was
  // being written (a reply, a new message) was lost unless the page had saved it on its own.
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('holds the session end, asks the page to save, and quits once it has', async () => {
    const { asked, sessionEnd, window, closed } = windowWith('at once')
    const quitsBefore = fake.quits
    expect(sessionEnd('query-session-end'), 'the session end is held').toBe(true)
    expect(asked).toEqual(['rapport:settle'])
    await vi.waitFor(() => expect(fake.quits).toBe(quitsBefore + 1))
    // The quit closes the window, which is not held again.
    window.close()
    expect(closed()).toBe(1)
  })

  it('quits after a short wait when the page does not answer, Windows waiting meanwhile', async () => {
    // A close waits for SETTLE_TIMEOUT_MS; Windows does not give as long.
    const { sessionEnd } = windowWith('never', SETTLE_TIMEOUT_MS)
    const quitsBefore = fake.quits
    sessionEnd('query-session-end')
    await vi.advanceTimersByTimeAsync(SESSION_END_SETTLE_MS - 1)
    expect(fake.quits).toBe(quitsBefore)
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(() => expect(fake.quits).toBe(quitsBefore + 1))
  })

  it('still asks the page to save when the session ends without being asked first', async () => {
    const { asked, sessionEnd } = windowWith('at once')
    const quitsBefore = fake.quits
    sessionEnd('session-end')
    expect(asked).toEqual(['rapport:settle'])
    await vi.waitFor(() => expect(fake.quits).toBe(quitsBefore + 1))
    // Asked once, whichever of the two came first.
    sessionEnd('query-session-end')
    expect(asked).toEqual(['rapport:settle'])
  })
})

describe("the page's half, in the preload", () => {
  const settle = () => fake.listeners(fake.ipcRenderer).emit('rapport:settle')

  it('answers once what the page registered has saved, also when it failed', async () => {
    let saved: () => void = () => undefined
    const off = host.onClosing(() => new Promise<void>((resolve) => (saved = resolve)))
    settle()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fake.sentToMain).toEqual([])
    saved()
    await vi.waitFor(() => expect(fake.sentToMain).toEqual(['rapport:settled']))
    off()
    host.onClosing(() => Promise.reject(new Error('The core is out of reach')))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    settle()
    await vi.waitFor(() => expect(fake.sentToMain).toEqual(['rapport:settled', 'rapport:settled']))
    expect(warn).toHaveBeenCalledWith('Could not save before the window closed:', expect.any(Error))
  })

  it('answers at once with nothing registered', async () => {
    const off = host.onClosing(() => new Promise<void>(() => undefined))
    off()
    fake.sentToMain.length = 0
    settle()
    await vi.waitFor(() => expect(fake.sentToMain).toEqual(['rapport:settled']))
  })
})
