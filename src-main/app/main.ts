import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, powerMonitor, session } from 'electron'
import { CORE_RESTART_CHANNEL } from '../../src-preload/host-hooks'
import { CoreProcess } from './core-process'
import { CONTENT_SECURITY_POLICY, lockDownNavigation } from './security'
import { settleBeforeClose } from './settle-before-close'

// One Rapport per user: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let core: CoreProcess | null = null
  let mainWindow: BrowserWindow | null = null

  const createWindow = async () => {
    const window = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 860,
      minHeight: 520,
      show: false,
      title: 'Rapport',
      webPreferences: {
        preload: join(import.meta.dirname, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        spellcheck: true
      }
    })
    mainWindow = window
    // A closed window's object throws when used, and macOS keeps the app running without one.
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
    })
    settleBeforeClose(window)
    const devUrl = process.env.ELECTRON_RENDERER_URL
    const indexFile = join(import.meta.dirname, '../renderer/index.html')
    lockDownNavigation(window.webContents, devUrl ?? pathToFileURL(indexFile).href)
    window.once('ready-to-show', () => window.show())
    // Each page load gets its own connection: a reload (View > Reload) starts a new page whose
    // preload waits for one.
    window.webContents.on('did-finish-load', () => void core?.connect(window.webContents))
    if (devUrl) await window.loadURL(devUrl)
    else await window.loadFile(indexFile)
  }

  app.on('second-instance', () => {
    if (!mainWindow) return void app.whenReady().then(createWindow)
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  void app.whenReady().then(async () => {
    // The CSP is also sent as a header so it holds even if the page's meta tag is altered.
    // In development Vite needs inline scripts and a websocket, so the header applies to builds only.
    if (!process.env.ELECTRON_RENDERER_URL) {
      session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
        callback({
          responseHeaders: {
            ...details.responseHeaders,
            'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
          }
        })
      })
    }
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
      callback(permission === 'notifications')
    })
    // A core that dies is started again and its windows told (core-process.ts); one that keeps
    // dying as it starts waits for the banner's "Try again".
    core = new CoreProcess(join(app.getPath('userData'), 'workspace'))
    ipcMain.on(CORE_RESTART_CHANNEL, () => core?.restart())
    // After sleep, IDLE connections may be dead without a word and reconnect waits did not count
    // the time asleep: the core checks every mailbox's connection at once.
    powerMonitor.on('resume', () => core?.systemResumed())
    await createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => core?.stop())
}
