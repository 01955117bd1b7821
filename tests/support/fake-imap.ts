// A minimal IMAP server for what Dovecot cannot be made to do on demand: it greets, answers
// CAPABILITY and ID, and answers every LOGIN with the line the test gives (e.g. a NO with a
// response code). Nothing after LOGIN is implemented: a test using it never gets a session.
import { createServer, type AddressInfo, type Socket } from 'node:net'

export type FakeImap = { host: '127.0.0.1'; port: number; logins: number; close(): Promise<void> }

/** @param loginReply the tagged reply to LOGIN without its tag, e.g. "NO [UNAVAILABLE] Try later". */
export async function startFakeImap(loginReply: string): Promise<FakeImap> {
  const sockets = new Set<Socket>()
  const fake = { host: '127.0.0.1' as const, port: 0, logins: 0, close: async () => undefined }
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    socket.write('* OK [CAPABILITY IMAP4rev1 IDLE] Fake ready\r\n')
    let buffer = ''
    socket.on('data', (data) => {
      buffer += data.toString('latin1')
      let end: number
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const [tag, command = ''] = buffer.slice(0, end).split(' ')
        buffer = buffer.slice(end + 2)
        const verb = command.toUpperCase()
        if (verb === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1 IDLE\r\n${tag} OK done\r\n`)
        else if (verb === 'ID') socket.write(`* ID NIL\r\n${tag} OK done\r\n`)
        else if (verb === 'LOGIN') {
          fake.logins++
          socket.write(`${tag} ${loginReply}\r\n`)
        } else if (verb === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`)
        else socket.write(`${tag} BAD not implemented\r\n`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.port = (server.address() as AddressInfo).port
  fake.close = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return fake
}
