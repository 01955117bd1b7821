// The server's own words, as Rapport shows them: Dovecot's timings are dropped, the rest is kept.
import { describe, expect, it } from 'vitest'
import { serverWords } from '../../src-main/core/mail-server/server-errors'

describe('the words of a NO or BAD', () => {
  it('drops the timings Dovecot ends its answers with, and keeps any other text as it is', () => {
    const words = (responseText: unknown) => serverWords({ responseText })
    expect(words('Permission denied (0.001 + 0.000 secs).')).toBe('Permission denied.')
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
