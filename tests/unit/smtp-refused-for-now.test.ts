import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toServerError, toSmtpCheckError } from '../../src-main/core/mail-server/server-errors'
import { createSmtpTransport } from '../../src-main/core/mail-server/smtp-transport'
import { classifySendError } from '../../src-main/core/outbox/outbox-state'

// Real sockets and nodemailer's own errors: SMTP servers that refuse for the moment (RFC 3207's
// 454 to STARTTLS, a 421 greeting when busy). The settings are right, so neither the check nor
// the Outbox may send the user to the security setting or the port.

/** An SMTP server answering each command from `replies` (by its verb), greeting with `greeting`. */
function scripted(greeting: string, replies: Record<string, string>): Server {
  return createServer((socket: Socket) => {
    socket.write(`${greeting}\r\n`)
    socket.on('data', (data) => {
      for (const line of data.toString().split('\r\n').filter(Boolean)) {
        const verb = line.split(' ')[0]!.toUpperCase()
        socket.write(`${replies[verb] ?? '502 5.5.2 Unknown command'}\r\n`)
      }
    })
    socket.on('error', () => undefined)
  })
}

let noTlsForNow: Server
let busy: Server
const portOf = (server: Server) => (server.address() as AddressInfo).port

beforeAll(async () => {
  noTlsForNow = scripted('220 smtp.example ESMTP', {
    EHLO: '250-smtp.example\r\n250 STARTTLS',
    STARTTLS: '454 4.7.0 TLS not available due to temporary reason',
    QUIT: '221 2.0.0 Bye'
  })
  busy = scripted('421 4.7.0 smtp.example Too many connections, try again later', {})
  await Promise.all(
    [noTlsForNow, busy].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve)))
  )
})

afterAll(() => {
  noTlsForNow.close()
  busy.close()
})

async function verifyError(port: number, security: 'starttls' | 'none'): Promise<unknown> {
  const transport = createSmtpTransport({ host: '127.0.0.1', port, security }, { user: 'u', password: 'p' })
  try {
    return await transport.verify().then(
      () => null,
      (error: unknown) => error
    )
  } finally {
    transport.close()
  }
}

describe('an SMTP server refusing for the moment', () => {
  it('a 454 to STARTTLS is not "does not offer STARTTLS": not the security setting, and retried', async () => {
    const error = await verifyError(portOf(noTlsForNow), 'starttls')
    expect(error).toMatchObject({ code: 'ETLS', responseCode: 454 })
    // The Outbox retries it (a 4xx), so its text must not tell the user to change a setting.
    expect(classifySendError(error)).toBe('temporary')
    const sending = toServerError(error, 'smtp', '127.0.0.1')
    expect(sending.code).not.toBe('TLS_MISMATCH')
    expect(sending.field).not.toBe('smtp.security')
    expect(sending.message).toMatch(/454 4\.7\.0 TLS not available due to temporary reason/)
    const checking = toSmtpCheckError(error, '127.0.0.1')
    expect(checking.code).not.toBe('TLS_MISMATCH')
    expect(checking.field).not.toBe('smtp.security')
  })

  it('a 421 greeting is a busy SMTP server, not another kind of server on the port', async () => {
    const error = await verifyError(portOf(busy), 'none')
    expect(error).toMatchObject({ code: 'EPROTOCOL', command: 'CONN', responseCode: 421 })
    const checking = toSmtpCheckError(error, '127.0.0.1')
    expect(checking.field).not.toBe('smtp.port')
    expect(checking.message).not.toMatch(/did not answer as an SMTP/)
    expect(checking.message).toMatch(/Too many connections/)
  })
})
