/// <reference lib="dom" />
// The preload exposes window.rapport: named functions for the contract's commands plus
// on(event); and window.rapportHost, whose one hook lets the page save before its window closes.
// No ipcRenderer, no generic invoke. The core connection is a MessagePort that the main process
// hands over once per page load.
import { contextBridge, ipcRenderer } from 'electron'
import type { CoreFrame } from './contract'
import { SETTLE_CHANNEL, SETTLED_CHANNEL, type RapportHost } from './host-hooks'
import { buildRapportApi, FrameClient } from './rapport-api'

let port: MessagePort | null = null
const queue: unknown[] = []

const client = new FrameClient((frame) => {
  if (port) port.postMessage(frame)
  else queue.push(frame)
})

ipcRenderer.on('rapport:core-port', (event) => {
  const received = event.ports[0]
  if (!received) return
  port = received
  port.onmessage = (message: MessageEvent<CoreFrame>) => client.handleFrame(message.data)
  for (const frame of queue.splice(0)) port.postMessage(frame)
})

contextBridge.exposeInMainWorld('rapport', buildRapportApi(client))

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
  }
}
contextBridge.exposeInMainWorld('rapportHost', host)
