import { beforeEach, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { keychainUsable } from '../../src-main/app/keychain-check'

// A fake of the electron module: Electron's binary cannot run here, but the shell's security
// decisions are plain code and are checked against it.
const state = vi.hoisted(() => ({
  windows: [] as Array<{
    options: Record<string, unknown>
    webContents: {
      handlers: Map<string, (...a: unknown[]) => void>
      openHandler?: (d: { url: string }) => unknown
    }
  }>,
  opened: [] as string[],
  /** What the main process sent each window's page, in order: [channel, payload]. */
  sent: [] as Array<[string, unknown]>,
  headers: null as
    null | ((details: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  permission: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  singleInstance: true,
  forked: [] as string[],
  toCore: [] as unknown[],
  fromCore: null as null | ((message: unknown) => void),
  power: new Map<string, () => void>()
}))

vi.mock('electron', () => {
  class FakeWebContents {
    handlers = new Map<string, (...a: unknown[]) => void>()
    openHandler?: (d: { url: string }) => unknown
    on(event: string, fn: (...a: unknown[]) => void) {
      this.handlers.set(event, fn)
    }
    once(event: string, fn: (...a: unknown[]) => void) {
      this.handlers.set(event, (...a: unknown[]) => {
        this.handlers.delete(event)
        fn(...a)
      })
    }
    setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
      this.openHandler = fn
    }
    send(channel: string, payload: unknown) {
      state.sent.push([channel, payload])
    }
    postMessage() {}
  }
  class BrowserWindow {
    webContents = new FakeWebContents()
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this)
    }
    static getAllWindows() {
      return []
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false
    }
    focus() {}
    async loadFile() {}
    async loadURL() {}
  }
  return {
    app: {
      requestSingleInstanceLock: () => state.singleInstance,
      quit: vi.fn(),
      on: vi.fn(),
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/rapport-shell-test'
    },
    BrowserWindow,
    ipcMain: { on: vi.fn() },
    powerMonitor: { on: (event: string, fn: () => void) => void state.power.set(event, fn) },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof state.headers) => (state.headers = fn) },
        setPermissionRequestHandler: (fn: typeof state.permission) => (state.permission = fn)
      }
    },
    utilityProcess: {
      fork: (path: string) => {
        state.forked.push(path)
        return {
          on: (event: string, fn: (message: unknown) => void) => {
            if (event === 'message') state.fromCore = fn
          },
          postMessage: (message: unknown) => void state.toCore.push(message),
          kill: () => undefined
        }
      }
    },
    MessageChannelMain: class {
      port1 = {}
      port2 = {}
    },
    safeStorage: { isEncryptionAvailable: () => false }
  }
})

describe('Electron shell', () => {
  beforeEach(() => {
    state.opened.length = 0
    state.sent.length = 0
  })

  it('creates windows with context isolation and sandbox on and node integration off', async () => {
    await import('../../src-main/app/main')
    await vi.waitFor(() => expect(state.windows).toHaveLength(1))
    const prefs = state.windows[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false
    })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/)
    expect(state.forked[0]).toMatch(/core\.js$/)
    // This fake has no usable keychain: the core is told to keep passwords in memory only.
    expect(state.toCore[0]).toMatchObject({ type: 'init', keychain: false })
  })

  it('connects each page load to the core, a reload too', async () => {
    state.fromCore!({ type: 'ready' })
    const loaded = () => state.windows[0]!.webContents.handlers.get('did-finish-load')!()
    const ports = () => state.toCore.filter((m) => (m as { type: string }).type === 'window-port')
    loaded()
    await vi.waitFor(() => expect(ports()).toHaveLength(1))
    loaded()
    await vi.waitFor(() => expect(ports()).toHaveLength(2))
  })

  it('tells the core when the computer wakes from sleep, so it checks its connections at once', () => {
    state.power.get('resume')!()
    expect(state.toCore.at(-1)).toEqual({ type: 'system-resumed' })
  })

  it('counts only a keychain that really encrypts: not Linux safeStorage on basic_text', () => {
    const linux = (backend: string) => ({
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => backend
    })
    expect(keychainUsable(linux('gnome_libsecret'), 'linux')).toBe(true)
    expect(keychainUsable(linux('kwallet5'), 'linux')).toBe(true)
    expect(keychainUsable(linux('basic_text'), 'linux')).toBe(false)
    expect(keychainUsable(linux('unknown'), 'linux')).toBe(false)
    expect(keychainUsable({ isEncryptionAvailable: () => true }, 'darwin')).toBe(true)
    expect(keychainUsable({ isEncryptionAvailable: () => false }, 'win32')).toBe(false)
  })

  it('sends a strict CSP header with every response of a built app', () => {
    let headers: Record<string, string[]> = {}
    state.headers!(
      { responseHeaders: {} },
      (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders)
    )
    const csp = headers['Content-Security-Policy']![0]!
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/object-src 'none'/)
  })

  it('denies new windows and opens only http and https links outside', async () => {
    const open = state.windows[0]!.webContents.openHandler!
    for (const url of [
      'https://example.com/a',
      'mailto:a@example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share'
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    await vi.waitFor(() => expect(state.opened).toEqual(['https://example.com/a']))
  })

  it("opens a mailto link in the window's own New message, not the system's mail program", () => {
    // A link in a mail's HTML opens a new window (the frame's <base target="_blank">); a link
    // without a target navigates. Either way the page gets the fields, and no other program.
    const contents = state.windows[0]!.webContents
    contents.openHandler!({
      url: 'mailto:ana@example.test?cc=bo@example.test&subject=Hi%20there&attach=/etc/passwd'
    })
    const event = { preventDefault: vi.fn() }
    contents.handlers.get('will-navigate')!(event, 'MAILTO:cy@example.test?body=1+1')
    expect(event.preventDefault).toHaveBeenCalled()
    expect(state.sent).toEqual([
      [
        'rapport:mailto',
        { to: ['ana@example.test'], cc: ['bo@example.test'], bcc: [], subject: 'Hi there', body: '' }
      ],
      ['rapport:mailto', { to: ['cy@example.test'], cc: [], bcc: [], subject: '', body: '1+1' }]
    ])
    expect(state.opened).toEqual([])
  })

  it('blocks navigation away from the app, to other local files too (a file dropped on the window)', () => {
    const navigate = state.windows[0]!.webContents.handlers.get('will-navigate')!
    const prevented = (url: string) => {
      const event = { preventDefault: vi.fn() }
      navigate(event, url)
      return event.preventDefault.mock.calls.length > 0
    }
    const app = pathToFileURL(join(import.meta.dirname, '../../src-main/renderer/index.html')).href
    expect({
      web: prevented('https://evil.example/'),
      droppedHtml: prevented('file:///home/me/Downloads/invoice.html'),
      droppedPdf: prevented('file:///home/me/quote.pdf'),
      siblingFile: prevented(app.replace('index.html', 'other.html')),
      app: prevented(`${app}#/inbox`)
    }).toEqual({ web: true, droppedHtml: true, droppedPdf: true, siblingFile: true, app: false })
  })

  it('grants no permission but notifications', () => {
    const answers: Record<string, boolean> = {}
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read']) {
      state.permission!(null, permission, (ok) => (answers[permission] = ok))
    }
    expect(answers).toEqual({
      notifications: true,
      media: false,
      geolocation: false,
      'clipboard-read': false
    })
  })
})
