// The server's own words, as Rapport shows them (Dovecot's timings dropped), and when a NO to opening a
// folder means "not allowed" rather than "not now".
import { describe, expect, it } from 'vitest'
import { openRefusal } from '../../src-main/core/mail-server/guarded-commands'
import { serverWords } from '../../src-main/core/mail-server/server-errors'

describe('the words of a NO or BAD', () => {
  it('drops the timings Dovecot ends its answers with, and keeps any other text as it is', () => {
    const words = (responseText: unknown) => serverWords({ responseText })
    expect(words('Permission denied (0.001 + 0.000 secs).')).toBe('Permission denied.')
    expect(words('Mailbox is read-only (0.001 secs)')).toBe('Mailbox is read-only')
    expect(words('Quota exceeded (mailbox for user is full) (0.002 + 0.000 + 0.001 secs).')).toBe(
      'Quota exceeded (mailbox for user is full).'
    )
    // Not Dovecot's timings: parentheses of the server's own, and timings mid-sentence.
    expect(words('Mailbox is locked (try again in 5 secs)')).toBe('Mailbox is locked (try again in 5 secs)')
    expect(words('Busy (0.1 + 0.2 secs) retry')).toBe('Busy (0.1 + 0.2 secs) retry')
    expect(words('')).toBeNull()
    expect(serverWords(new Error('socket hang up'))).toBeNull()
  })
})

describe('a folder the server will not open', () => {
  const no = (serverResponseCode?: string) =>
    Object.assign(new Error('Command failed'), {
      responseStatus: 'NO',
      responseText: 'Permission denied (0.001 + 0.000 secs).',
      ...(serverResponseCode ? { serverResponseCode } : {})
    })

  it('is refused for good by a plain NO or NOPERM, in the server’s words', () => {
    expect(openRefusal(no())).toEqual({ refused: 'Permission denied.' })
    expect(openRefusal(no('NOPERM'))).toEqual({ refused: 'Permission denied.' })
  })

  it('is not taken as refused by a NO for now, or by a lost connection: those are thrown', () => {
    for (const code of ['UNAVAILABLE', 'INUSE', 'LIMIT']) expect(() => openRefusal(no(code))).toThrow()
    const lost = Object.assign(new Error('Connection not available'), { code: 'NoConnection' })
    expect(() => openRefusal(lost)).toThrow(lost)
  })
})
