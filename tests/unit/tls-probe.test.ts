import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answersTls, noGreeting, plainTextToTlsPort } from '../../src-main/core/mail-server/tls-probe'

// Real sockets on loopback: a port of implicit TLS (self-signed, as a test server's is), one that
// greets in plain text, and one that takes the connection and says nothing.
const servers: Server[] = []
const ports = { tls: 0, plain: 0, silent: 0 }
let dir: string

const listen = async (server: Server): Promise<number> => {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-tls-probe-'))
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')
  ], { stdio: 'ignore' }) // prettier-ignore
  const tls = createTlsServer({
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem'))
  })
  tls.on('tlsClientError', () => undefined) // the probe leaves once the certificate is seen
  ports.tls = await listen(tls)
  ports.plain = await listen(createTcpServer((socket) => socket.end('* OK IMAP ready\r\n')))
  ports.silent = await listen(createTcpServer(() => undefined))
})

afterAll(() => {
  for (const server of servers) server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a port that wants SSL/TLS from the start', () => {
  it('is told from one that speaks plain text or nothing at all', async () => {
    expect(await answersTls('127.0.0.1', ports.tls, 2_000)).toBe(true)
    expect(await answersTls('127.0.0.1', ports.plain, 2_000)).toBe(false)
    expect(await answersTls('127.0.0.1', ports.silent, 300)).toBe(false)
  })

  it('turns a greeting timeout on it into TLS_MISMATCH, and leaves every other error alone', async () => {
    const imapTimeout = Object.assign(new Error('Failed to receive greeting'), { code: 'GREETING_TIMEOUT' })
    const smtpTimeout = Object.assign(new Error('Greeting never received'), {
      code: 'ETIMEDOUT',
      timeoutType: 'GREETING_TIMEOUT'
    })
    expect([noGreeting(imapTimeout), noGreeting(smtpTimeout)]).toEqual([true, true])
    // Closed before any greeting (a load balancer in front of the port may do that): probed too.
    // Closed with a BYE, or after a reply, the server spoke plain text: not.
    const closed = (fields: object) => noGreeting(Object.assign(new Error('closed'), fields))
    expect([
      closed({ code: 'ClosedAfterConnectText' }),
      closed({ code: 'ECONNECTION', command: 'CONN' }),
      closed({ code: 'ClosedAfterConnectText', reason: 'Too many connections' }),
      closed({ code: 'ECONNECTION', command: 'CONN', response: '421 busy' }),
      closed({ code: 'ECONNREFUSED' })
    ]).toEqual([true, true, false, false, false])
    const at = (port: number, security = 'starttls') => ({ host: '127.0.0.1', port, security })
    expect(await plainTextToTlsPort(smtpTimeout, 'smtp', at(ports.tls))).toMatchObject({
      code: 'TLS_MISMATCH',
      field: 'smtp.security'
    })
    // The port speaks plain text: the timeout was something else, and stays what it was.
    expect(await plainTextToTlsPort(imapTimeout, 'imap', at(ports.plain))).toBe(imapTimeout)
    // SSL/TLS was chosen already, or the error was not a missing greeting: nothing to probe.
    expect(await plainTextToTlsPort(imapTimeout, 'imap', at(ports.tls, 'tls'))).toBe(imapTimeout)
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(await plainTextToTlsPort(refused, 'imap', at(ports.tls))).toBe(refused)
  })
})
