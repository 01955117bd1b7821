/// <reference lib="dom" />
// The preload exposes window.rapport: named functions for the contract's commands plus
// on(event); and window.rapportHost, whose hooks let the page save before its window closes,
// follow the core's process and open the mailto links a mail's HTML follows. No ipcRenderer, no
// generic invoke. The core connection is a MessagePort that the main process hands over once per
// page load, and again each time the core is started again after it died.
import { contextBridge, ipcRenderer } from 'electron'
import type { CoreFrame } from './contract'
import {
  CORE_RESTART_CHANNEL,
  CORE_STATUS_CHANNEL,
  MAILTO_CHANNEL,
  SETTLE_CHANNEL,
  SETTLED_CHANNEL,
  type CoreStatus,
  type RapportHost
} from './host-hooks'
import { readMailtoFields } from './mailto-bridge'
import type { MailtoFields } from './mailto-link'
import { buildRapportApi, FrameClient } from './rapport-api'

let port: MessagePort | null = null
const queue: unknown[] = []
let coreStatus: CoreStatus = { state: 'running' }
const statusListeners = new Set<(status: CoreStatus) => void>()
const mailtoListeners = new Set<(fields: MailtoFields) => void>()

/** What a request answered while the core is down says (shown after errors.INTERNAL's text). */
function coreDownMessage(status: CoreStatus): string {
  return status.state === 'stopped'
    ? "Rapport's core stopped unexpectedly and was not started again"
    : "Rapport's core stopped unexpectedly and is starting again; try again in a moment"
}

function setCoreStatus(status: CoreStatus): void {
  if (status.state === coreStatus.state && status.state === 'running') return
  coreStatus = status
  for (const listener of statusListeners) listener(status)
}

const client = new FrameClient((frame) => {
  // A port to a dead core takes messages without a word: fail at once instead of for ever.
  if (coreStatus.state !== 'running') throw new Error(coreDownMessage(coreStatus))
  if (port) port.postMessage(frame)
  else queue.push(frame)
})

ipcRenderer.on('rapport:core-port', (event) => {
  const received = event.ports[0]
  if (!received) return
  port?.close()
  port = received
  port.onmessage = (message: MessageEvent<CoreFrame>) => client.handleFrame(message.data)
  setCoreStatus({ state: 'running' })
  for (const frame of queue.splice(0)) port.postMessage(frame)
})

// The core's process died (main saw it exit): what waits for its answer never gets one.
ipcRenderer.on(CORE_STATUS_CHANNEL, (_event, status: CoreStatus) => {
  if (status.state !== 'running') {
    port?.close()
    port = null
    queue.length = 0
    client.failPending(coreDownMessage(status))
  }
  setCoreStatus(status)
})

contextBridge.exposeInMainWorld('rapport', buildRapportApi(client))

// A mailto link followed in this window (main read it): only its checked fields reach the page.
ipcRenderer.on(MAILTO_CHANNEL, (_event, payload: unknown) => {
  const fields = readMailtoFields(payload)
  if (!fields) return console.warn('A mailto link was not opened: its fields are not valid.')
  for (const listener of mailtoListeners) listener(fields)
})

// Before its window closes, the page saves what is being written (host-hooks.ts).
let closing: (() => Promise<void>) | null = null
ipcRenderer.on(SETTLE_CHANNEL, () => {
  void Promise.resolve()
    .then(() => closing?.())
    .catch((error: unknown) => console.warn('Could not save before the window closed:', error))
    .finally(() => ipcRenderer.send(SETTLED_CHANNEL))
})
const host: RapportHost = {
  onClosing(save) {
    closing = save
    return () => {
      if (closing === save) closing = null
    }
  },
  onCoreStatus(listener) {
    statusListeners.add(listener)
    // The page may subscribe after main told it the core is down (it loaded while it restarts).
    if (coreStatus.state !== 'running') listener(coreStatus)
    return () => void statusListeners.delete(listener)
  },
  restartCore() {
    ipcRenderer.send(CORE_RESTART_CHANNEL)
  },
  onMailto(listener) {
    mailtoListeners.add(listener)
    return () => void mailtoListeners.delete(listener)
  }
}
contextBridge.exposeInMainWorld('rapportHost', host)
