import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openImapSession } from '../../src-main/core/mail-server/imap-session'
import { toServerError } from '../../src-main/core/mail-server/server-errors'
import { createSmtpTransport } from '../../src-main/core/mail-server/smtp-transport'

// Real sockets: servers that greet in plain text, where the user chose SSL/TLS for the port.
let imap: Server
let smtp: Server
const portOf = (server: Server) => (server.address() as AddressInfo).port

beforeAll(async () => {
  imap = createServer((socket) => socket.end('* OK IMAP ready\r\n'))
  smtp = createServer((socket) => socket.end('220 smtp.example ESMTP ready\r\n'))
  await Promise.all(
    [imap, smtp].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve)))
  )
})

afterAll(() => {
  imap.close()
  smtp.close()
})

describe('SSL/TLS chosen for a port that speaks plain text', () => {
  it('says to change the security setting, on that field, not that the certificate is bad', async () => {
    const credentials = { user: 'u', password: 'p' }
    const imapError = await openImapSession(
      { host: '127.0.0.1', port: portOf(imap), security: 'tls' },
      credentials
    ).then(
      () => null,
      (error: unknown) => toServerError(error, 'imap', '127.0.0.1')
    )
    expect(imapError).toMatchObject({ code: 'TLS_MISMATCH', field: 'imap.security' })
    const transport = createSmtpTransport(
      { host: '127.0.0.1', port: portOf(smtp), security: 'tls' },
      credentials
    )
    const smtpError = await transport.verify().then(
      () => null,
      (error: unknown) => toServerError(error, 'smtp', '127.0.0.1')
    )
    transport.close()
    expect(smtpError).toMatchObject({ code: 'TLS_MISMATCH', field: 'smtp.security' })
    expect(smtpError!.message).toMatch(/SSL\/TLS on 465, STARTTLS on 587/)
  })
})
