/// <reference lib="dom" />
// The preload exposes exactly one object, window.rapport: named functions for the contract's
// commands plus on(event). No ipcRenderer, no generic invoke. The core connection is a
// MessagePort that the main process hands over once per page load.
import { contextBridge, ipcRenderer } from 'electron'
import type { CoreFrame } from './contract'
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
