// A loopback TCP proxy that can take the network away and give it back: offline() cuts every
// connection and stops listening (new connections are refused, as with no network), online()
// listens again on the same port; hold() keeps new connections waiting, unanswered, until
// release(), like a slow network. For tests of offline handling, reconnects and progress.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface SwitchableProxy {
  host: '127.0.0.1'
  port: number
  offline(): Promise<void>
  online(): Promise<void>
  /** New connections wait, unanswered, until release(); open ones go on as before. */
  hold(): void
  release(): void
  close(): Promise<void>
}

export async function startSwitchableProxy(target: { host: string; port: number }): Promise<SwitchableProxy> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const forward = (client: Socket) => {
    const server = connect(target.port, target.host)
    track(server)
    client.pipe(server)
    server.pipe(client)
    client.on('close', () => server.destroy())
    server.on('close', () => client.destroy())
  }
  let held: Socket[] | null = null
  const makeServer = () =>
    createServer((client) => {
      track(client)
      if (held) held.push(client)
      else forward(client)
    })
  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  let listener: Server | null = makeServer()
  await listen(listener, 0)
  const port = (listener.address() as AddressInfo).port
  const stop = async () => {
    const current = listener
    listener = null
    held = null
    for (const socket of sockets) socket.destroy()
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()))
  }
  return {
    host: '127.0.0.1',
    port,
    offline: stop,
    async online() {
      if (listener) return
      listener = makeServer()
      await listen(listener, port)
    },
    hold() {
      held ??= []
    },
    release() {
      const waiting = held ?? []
      held = null
      for (const client of waiting) if (!client.destroyed) forward(client)
    },
    close: stop
  }
}
