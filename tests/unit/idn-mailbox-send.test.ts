// Sending from a mailbox whose own address has an internationalized domain (alice@bücher.example,
// which accounts.add takes as typed): the domain goes in its ASCII form everywhere a server reads
// it, as it does for recipients (asciiAddress). A server without SMTPUTF8 (RFC 6531), most of
// them, refuses an envelope or headers with raw UTF-8 in them.
import { afterEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { AccountRecord } from '../../src-main/core/accounts/account-repository'
import type { AccountService } from '../../src-main/core/accounts/account-service'
import { composeOutgoing } from '../../src-main/core/outbox/outgoing-message'
import { submitOverSmtp } from '../../src-main/core/outbox/smtp-submit'
import { MailQueries } from '../../src-main/core/queries/mail-queries'
import { memoryWorkspace } from './fixtures/workspace'

const IDN_EMAIL = 'alice@bücher.example'
const ASCII_EMAIL = 'alice@xn--bcher-kva.example'

let server: Server | null = null
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
})

/**
 * An SMTP server that, like most, offers no SMTPUTF8 (RFC 6531) and so refuses a MAIL FROM with
 * raw UTF-8 in it (Postfix with smtputf8_enable=no: 553 5.1.7). It keeps each MAIL FROM line.
 */
async function asciiOnlyServer(): Promise<{ port: number; mailFrom: string[] }> {
  const mailFrom: string[] = []
  server = createServer((socket) => {
    let buffered = ''
    let inData = false
    socket.write('220 mx.test ESMTP\r\n')
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8')
      let end: number
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end)
        buffered = buffered.slice(end + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            socket.write('250 2.0.0 Ok: queued\r\n')
          }
          continue
        }
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO') socket.write('250-mx.test\r\n250 8BITMIME\r\n')
        else if (verb === 'MAIL') {
          mailFrom.push(line)
          socket.write(
            /[\u0080-\uffff]/.test(line) ? '553 5.1.7 Bad sender address syntax\r\n' : '250 2.1.0 Ok\r\n'
          )
        } else if (verb === 'RCPT') socket.write('250 2.1.5 Ok\r\n')
        else if (verb === 'DATA') {
          inData = true
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n')
        } else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n')
        else socket.write('250 Ok\r\n')
      }
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, mailFrom }
}

function idnAccount(port: number): AccountRecord {
  return {
    id: 1,
    email: IDN_EMAIL,
    displayName: 'Alice',
    auth: 'password',
    smtp: { host: '127.0.0.1', port, security: 'none' }
  } as unknown as AccountRecord
}

describe('a mailbox on an internationalized domain', () => {
  it('writes its message in ASCII: From and Message-ID with the domain in punycode', async () => {
    const ws = memoryWorkspace()
    const composed = await composeOutgoing(
      idnAccount(25),
      new MailQueries(ws.db),
      { to: ['carlos@client.test'], subject: 'Angebot', text: 'Hallo' },
      new Date('2024-03-05T10:00:00Z')
    )
    const head = composed.raw.toString('latin1').split('\r\n\r\n')[0]!
    expect(head).toContain(`<${ASCII_EMAIL}>`)
    expect(composed.messageId).toMatch(/@xn--bcher-kva\.example>$/)
    expect(/[\u0080-\uffff]/.test(head)).toBe(false)
  })

  it('sends through a server without SMTPUTF8: the envelope sender is in ASCII', async () => {
    const { port, mailFrom } = await asciiOnlyServer()
    const account = idnAccount(port)
    const ws = memoryWorkspace()
    const { raw, recipients } = await composeOutgoing(
      account,
      new MailQueries(ws.db),
      { to: ['carlos@client.test'], subject: 'Angebot', text: 'Hallo' },
      new Date('2024-03-05T10:00:00Z')
    )
    const accounts = {
      credentials: async () => ({ user: ASCII_EMAIL, password: 'x' })
    } as unknown as AccountService
    const result = await submitOverSmtp(accounts, account, recipients, raw)
    expect(result.ok ? 'sent' : String((result as { error: unknown }).error)).toBe('sent')
    expect(mailFrom).toEqual([`MAIL FROM:<${ASCII_EMAIL}>`])
  })
})
