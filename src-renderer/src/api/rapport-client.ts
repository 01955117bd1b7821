// Obtains the one `RapportApi` the renderer uses. Under Electron the preload exposes it as
// window.rapport; in web mode (no preload) we build the same API over a WebSocket.
import { FrameClient } from '../../../src-preload/frame-client'
import type { RapportHost } from '../../../src-preload/host-hooks'
import type { RapportApi } from '../../../src-preload/rapport-api'
import { buildProxyApi } from './proxy-api'
import { WebSocketTransport, type TransportState } from './web-socket-transport'

declare global {
  interface Window {
    rapport?: RapportApi
    /** The desktop host's hooks; web mode has none. */
    rapportHost?: RapportHost
  }
}

export type ConnectionState = TransportState

type Client = { api: RapportApi; transport: WebSocketTransport | null }

let client: Client | null = null
let connectionState: ConnectionState = 'open'
const connectionListeners = new Set<() => void>()

function rpcUrl(): string | null {
  const token = new URLSearchParams(window.location.search).get('token')
  if (!token) return null
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}/rpc?token=${encodeURIComponent(token)}`
}

function setConnectionState(state: ConnectionState): void {
  connectionState = state
  for (const listener of connectionListeners) listener()
}

function createWebClient(): Client {
  let transport: WebSocketTransport | null = null
  const frames = new FrameClient((frame) => {
    if (!transport) throw new Error('The connection to Rapport is not set up')
    transport.send(frame)
  })
  transport = new WebSocketTransport(
    rpcUrl(),
    (frame) => frames.handleFrame(frame),
    setConnectionState,
    () => frames.failPending('The connection to Rapport was lost')
  )
  connectionState = transport.state
  return { api: buildProxyApi(frames), transport }
}

/**
 * The desktop app: its core runs in a process of its own that can die (a crash, out of memory);
 * the preload says so, and when it runs again. Shown as a lost connection, which it is.
 */
function createDesktopClient(api: RapportApi): Client {
  window.rapportHost?.onCoreStatus?.((status) => {
    if (status.state === 'running') setConnectionState('open')
    else setConnectionState(status.state === 'restarting' ? 'reconnecting' : 'lost')
  })
  return { api, transport: null }
}

function getClient(): Client {
  if (!client) {
    client = window.rapport ? createDesktopClient(window.rapport) : createWebClient()
    client.transport?.start()
  }
  return client
}

export function getApi(): RapportApi {
  return getClient().api
}

export function getConnectionState(): ConnectionState {
  getClient()
  return connectionState
}

export function subscribeConnection(listener: () => void): () => void {
  connectionListeners.add(listener)
  return () => connectionListeners.delete(listener)
}

/** Web mode reconnects its socket; the desktop app starts its core again after it gave up. */
export function reconnect(): void {
  const { transport } = getClient()
  if (transport) transport.reconnect()
  else window.rapportHost?.restartCore?.()
}

/** Whether the core runs in the desktop app's own process (which may stop), not behind a socket. */
export function isDesktop(): boolean {
  return getClient().transport === null
}
