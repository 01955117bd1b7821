// Web mode: the core serves the contract over a WebSocket guarded by a per-run token. This
// transport owns the socket's lifecycle; the FrameClient on top of it survives reconnects, so
// event subscriptions made by the UI stay valid across a lost connection.
import type { CoreFrame, RequestFrame } from '../../../src-preload/contract'

/** 'reconnecting' is a retry after a loss: requests fail fast then instead of queueing. */
export type TransportState = 'connecting' | 'open' | 'reconnecting' | 'lost' | 'no-token'

const MAX_BACKOFF_MS = 30_000

export class WebSocketTransport {
  private socket: WebSocket | null = null
  private queue: string[] = []
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  state: TransportState

  constructor(
    private readonly url: string | null,
    private readonly onFrame: (frame: CoreFrame) => void,
    private readonly onState: (state: TransportState) => void,
    private readonly onLost: () => void
  ) {
    this.state = url ? 'connecting' : 'no-token'
  }

  /** Opens the socket; separate from the constructor so listeners see a fully built client. */
  start(): void {
    if (this.url && !this.socket) this.open()
  }

  /** Sends now, or queues while (re)connecting. Throws once lost so callers fail fast. */
  send(frame: RequestFrame): void {
    const text = JSON.stringify(frame)
    if (this.state === 'open' && this.socket) this.socket.send(text)
    else if (this.state === 'connecting') this.queue.push(text)
    else throw new Error('The connection to Rapport is lost')
  }

  /** Reconnects at once, e.g. from the banner's button. */
  reconnect(): void {
    if (this.state !== 'lost') return
    clearTimeout(this.retryTimer)
    this.attempt = 0
    this.open()
  }

  private open(): void {
    if (!this.url) return
    this.setState(this.state === 'lost' ? 'reconnecting' : 'connecting')
    const socket = new WebSocket(this.url)
    this.socket = socket
    socket.addEventListener('open', () => {
      this.attempt = 0
      this.setState('open')
      for (const text of this.queue) socket.send(text)
      this.queue = []
    })
    socket.addEventListener('message', (event) => this.receive(event.data))
    // A failed connection attempt fires 'error' and then 'close', so 'close' alone suffices.
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return
      this.socket = null
      this.queue = []
      this.setState('lost')
      this.onLost()
      this.scheduleRetry()
    })
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return
    try {
      this.onFrame(JSON.parse(data) as CoreFrame)
    } catch {
      // A malformed frame is the core's bug; dropping it keeps the UI alive.
    }
  }

  // Backoff with jitter so a restarted core is found again without hammering a dead port.
  private scheduleRetry(): void {
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt) * (0.75 + Math.random() / 2)
    this.attempt++
    this.retryTimer = setTimeout(() => this.open(), delay)
  }

  private setState(state: TransportState): void {
    this.state = state
    this.onState(state)
  }
}
