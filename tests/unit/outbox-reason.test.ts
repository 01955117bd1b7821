// The reason the Outbox shows for a waiting or failed message: a fixed sentence in the user's
// language for Rapport's own explanations, the words as they are where they say what happened.
import { describe, expect, it } from 'vitest'
import { outboxReason } from '../../src-renderer/src/features/outbox/outbox-reason'

const t = (key: string, options: Record<string, string>) =>
  key === 'outbox.deferred' ? `Will retry at ${options.time} on its own. ${options.reason}` : `<${key}>`
const time = (iso: string) => iso.slice(11, 16)

describe('the reason shown for an outbox message', () => {
  it('is the translated sentence for offline', () => {
    expect(
      outboxReason(
        { lastError: 'Could not connect', lastErrorCode: 'HOST_UNREACHABLE', retryAt: null },
        t,
        time
      )
    ).toBe('<errors.HOST_UNREACHABLE>')
  })

  it('is the translated sentence for a login the IMAP server refuses for now, not its English', () => {
    const refused = {
      lastError:
        'The IMAP server imap.test is temporarily refusing logins (…). This is not a wrong password.',
      lastErrorCode: 'LOGIN_REFUSED_FOR_NOW' as const,
      retryAt: '2026-12-07T10:15:00.000Z'
    }
    expect(outboxReason(refused, t, time)).toBe('<errors.LOGIN_REFUSED_FOR_NOW>')
  })

  it('is the words themselves for a server refusal or a failure on this computer', () => {
    const said = [
      { lastError: 'The SMTP server said: 550 5.1.1 No such user', lastErrorCode: 'SEND_FAILED' as const },
      { lastError: 'The IMAP server refused to search Sent.', lastErrorCode: 'SYNC_FAILED' as const },
      { lastError: 'Rapport could not record … the disk is full.', lastErrorCode: 'INTERNAL' as const }
    ]
    for (const item of said) expect(outboxReason({ ...item, retryAt: null }, t, time)).toBe(item.lastError)
  })

  it('says when a message the SMTP server refused for now is tried again, before the server’s words', () => {
    const greylisted = {
      lastError: 'The SMTP server said: 451 4.7.1 Greylisted',
      lastErrorCode: 'SEND_DEFERRED' as const,
      retryAt: '2026-12-07T10:15:00.000Z'
    }
    expect(outboxReason(greylisted, t, time)).toBe(
      'Will retry at 10:15 on its own. The SMTP server said: 451 4.7.1 Greylisted'
    )
    // No try planned (never so in practice): the words alone, never the code's fixed sentence.
    expect(outboxReason({ ...greylisted, retryAt: null }, t, time)).toBe(greylisted.lastError)
  })
})
