import { app, type BrowserWindow, type WebContents } from 'electron'
import { SETTLE_CHANNEL, SETTLED_CHANNEL } from '../../src-preload/host-hooks'

/**
 * How long a close waits for the page: a hung page, or a core gone, must not keep it open; a
 * save with files (up to 25 MB, read back by the core) takes a few seconds on a slow disk.
 */
export const SETTLE_TIMEOUT_MS = 10_000
/**
 * The wait when Windows ends the session (shut down, restart, log off): it lists Rapport as keeping
 * the session from ending meanwhile, and the user may end it anyway; 5 s is what Windows itself
 * gives a program to answer before it calls it not responding.
 */
export const SESSION_END_SETTLE_MS = 5_000

/** Set once a quit has begun: a close held for its page then asks for the quit again. */
let quitting = false
let quitListened = false

/**
 * The window closes, or the app quits, only once its page has saved what is being written. The
 * page saves on `pagehide` too, but that save is a message on its way to the core when the core
 * is stopped (will-quit), and may be lost: so the first close is held, the page asked to save
 * (rapport:settle), and the close goes on when it answers (rapport:settled), when its renderer is
 * gone, or after SETTLE_TIMEOUT_MS.
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
  const settle = (wait: number) => {
    settling ??= askToSettle(window.webContents, wait).then(() => {
      // On the next turn: Electron is still cancelling the close (and a quit with it) just now.
      setImmediate(resume)
    })
  }
  window.on('close', (event) => {
    if (settled) return
    event.preventDefault()
    settle(timeoutMs)
  })
  // Windows ending the session (shut down, restart, log off, an installer closing programs) may
  // end Rapport without a quit, so without 'before-quit' or a close to hold: the page is asked to
  // save then too, and Rapport quits once it has. Holding the query (Windows waits, saying Rapport
  // keeps the session from ending) is the only time given for that; once the session ends
  // ('session-end', which cannot be held) the save is still asked for, in case there is time left.
  const sessionEnds = (event?: { preventDefault(): void }) => {
    if (settled) return
    quitting = true
    event?.preventDefault()
    settle(Math.min(timeoutMs, SESSION_END_SETTLE_MS))
  }
  window.on('query-session-end', (event) => sessionEnds(event))
  window.on('session-end', () => sessionEnds())

  const resume = () => {
    if (window.isDestroyed()) return
    settled = true
    // A quit stops at the first window that holds its close: it is asked for again. (Nothing
    // else cancels a close here; Electron emits the next 'close' only after the page's unload
    // handlers ran, so a reset on a timer would hold it again, and a quit on macOS would end
    // as a closed window.)
    if (quitting) app.quit()
    else window.close()
  }
}

function askToSettle(contents: WebContents, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (contents.isDestroyed() || contents.isCrashed()) return resolve()
    const done = () => {
      clearTimeout(timer)
      if (!contents.isDestroyed()) {
        contents.ipc.removeListener(SETTLED_CHANNEL, done)
        contents.removeListener('render-process-gone', done)
        contents.removeListener('destroyed', done)
      }
      resolve()
    }
    const timer = setTimeout(done, timeoutMs)
    // Only this page's answer: the listener is scoped to its webContents.
    contents.ipc.once(SETTLED_CHANNEL, done)
    contents.once('render-process-gone', done)
    contents.once('destroyed', done)
    contents.send(SETTLE_CHANNEL)
  })
}
