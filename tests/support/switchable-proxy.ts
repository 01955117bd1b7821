// A loopback TCP proxy that can take the network away and give it back: offline() cuts every
// connection and stops listening (new connections are refused, as with no network), online()
// listens again on the same port. For tests of offline handling and reconnects.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface SwitchableProxy {
  host: '127.0.0.1'
  port: number
  offline(): Promise<void>
  online(): Promise<void>
  close(): Promise<void>
}

export async function startSwitchableProxy(target: { host: string; port: number }): Promise<SwitchableProxy> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const makeServer = () =>
    createServer((client) => {
      const server = connect(target.port, target.host)
      track(client)
      track(server)
      client.pipe(server)
      server.pipe(client)
      client.on('close', () => server.destroy())
      server.on('close', () => client.destroy())
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
    close: stop
  }
}
