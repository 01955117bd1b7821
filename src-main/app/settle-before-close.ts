import { app, ipcMain, type BrowserWindow, type IpcMainEvent, type WebContents } from 'electron'
import { SETTLE_CHANNEL, SETTLED_CHANNEL } from '../../src-preload/host-hooks'

/** How long a close waits for the page: a hung page, or a core gone, must not keep it open. */
export const SETTLE_TIMEOUT_MS = 3000

/** Set once a quit has begun: a close held for its page then asks for the quit again. */
let quitting = false
let quitListened = false

/**
 * The window closes, or the app quits, only once its page has saved what is being written. The
 * page saves on `pagehide` too, but that save is a message on its way to the core when the core
 * is stopped (will-quit), and may be lost: so the first close is held, the page asked to save
 * (rapport:settle), and the close goes on when it answers (rapport:settled), or after
 * SETTLE_TIMEOUT_MS.
 */
export function settleBeforeClose(window: BrowserWindow, timeoutMs = SETTLE_TIMEOUT_MS): void {
  if (!quitListened) {
    quitListened = true
    app.on('before-quit', () => {
      quitting = true
    })
  }
  let settling: Promise<void> | null = null
  let settled = false
  window.on('close', (event) => {
    if (settled) return
    event.preventDefault()
    settling ??= askToSettle(window.webContents, timeoutMs).then(() => {
      settled = true
      // A quit stops at the first window that holds its close: it is asked for again.
      if (quitting) app.quit()
      else window.close()
    })
  })
}

function askToSettle(contents: WebContents, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      ipcMain.removeListener(SETTLED_CHANNEL, onSettled)
      resolve()
    }
    const onSettled = (event: IpcMainEvent) => {
      if (event.sender === contents) done()
    }
    const timer = setTimeout(done, timeoutMs)
    ipcMain.on(SETTLED_CHANNEL, onSettled)
    if (contents.isDestroyed() || contents.isCrashed()) done()
    else contents.send(SETTLE_CHANNEL)
  })
}
