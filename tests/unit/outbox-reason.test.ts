// The reason the Outbox shows for a waiting or failed message: a fixed sentence in the user's
// language for Rapport's own explanations, the words as they are where they say what happened.
import { describe, expect, it } from 'vitest'
import { outboxReason } from '../../src-renderer/src/features/outbox/outbox-reason'

const t = (key: string) => `<${key}>`

describe('the reason shown for an outbox message', () => {
  it('is the translated sentence for offline', () => {
    expect(outboxReason({ lastError: 'Could not connect', lastErrorCode: 'HOST_UNREACHABLE' }, t)).toBe(
      '<errors.HOST_UNREACHABLE>'
    )
  })

  it('is the words themselves for a server refusal or a failure on this computer', () => {
    const said = [
      { lastError: 'The SMTP server said: 451 4.7.1 Greylisted', lastErrorCode: 'SEND_FAILED' as const },
      { lastError: 'The IMAP server refused to search Sent.', lastErrorCode: 'SYNC_FAILED' as const },
      { lastError: 'Rapport could not record … the disk is full.', lastErrorCode: 'INTERNAL' as const }
    ]
    for (const item of said) expect(outboxReason(item, t)).toBe(item.lastError)
  })
})
