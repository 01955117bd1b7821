// The network going away (Wi-Fi dropped, a VPN down, a sleeping laptop) gives socket codes beyond
// ECONNREFUSED/ENOTFOUND/ENETUNREACH. ENETDOWN, ECONNABORTED, EHOSTDOWN and ENETRESET were not
// "offline": the sync said "The IMAP server said: … ENETDOWN" (SYNC_FAILED) instead of "Offline, N
// changes waiting", a connection cut that way was not a lost connection, and the outbox counted
// such an SMTP failure as a refusal for now (6 of them fail the message) instead of waiting.
import { describe, expect, it } from 'vitest'
import { isConnectionError, toServerError } from '../../src-main/core/mail-server/server-errors'
import { classifySendError } from '../../src-main/core/outbox/outbox-state'

const NETWORK_GONE = ['ENETDOWN', 'ECONNABORTED', 'EHOSTDOWN', 'ENETRESET', 'EPIPE', 'EAI_AGAIN'] as const
const alreadyOffline = ['ENETUNREACH', 'ECONNREFUSED', 'ENOTFOUND'] as const

/** A socket error as Node gives it (imapflow passes it on as it is). */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 192.0.2.1:993`), { code })

describe('a network that went away', () => {
  it.each([...NETWORK_GONE, ...alreadyOffline])('%s makes the account offline (HOST_UNREACHABLE)', (code) => {
    expect(toServerError(socketError(code), 'imap', 'imap.example.test')).toMatchObject({
      code: 'HOST_UNREACHABLE',
      field: 'imap.host'
    })
  })

  it.each([...NETWORK_GONE, ...alreadyOffline])('%s is a connection failure, not a refusal', (code) => {
    expect(isConnectionError(socketError(code))).toBe(true)
  })

  it.each([...NETWORK_GONE, ...alreadyOffline])(
    '%s keeps an outbox message waiting for a connection',
    (code) => {
      expect(classifySendError(socketError(code))).toBe('offline')
    }
  )
})
