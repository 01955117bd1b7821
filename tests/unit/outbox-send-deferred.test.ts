// A message the SMTP server refused for now (4xx) waits under SEND_DEFERRED, not SEND_FAILED
// (failed for good), and still goes at once to new servers when the account's servers change.
import { describe, expect, it } from 'vitest'
import { OutboxRepository } from '../../src-main/core/outbox/outbox-repository'
import { memoryWorkspace } from './fixtures/workspace'

const NOW = 1_800_000_000_000

describe('an outbox row the SMTP server refused for now', () => {
  const setup = () => {
    const repo = new OutboxRepository(memoryWorkspace().db)
    const id = repo.insert({
      accountId: 1,
      messageId: '<greylisted@me.test>',
      subject: 'Quote',
      recipients: ['bob@client.test'],
      raw: Buffer.from('Message-ID: <greylisted@me.test>\r\n\r\nHi'),
      sendAt: NOW,
      now: NOW
    })
    repo.markSending(id)
    repo.markNotSent(id)
    repo.markRefusedForNow(id, 'The SMTP server said: 451 4.7.1 Greylisted', NOW + 60_000)
    return { repo, id }
  }

  it('waits as SEND_DEFERRED with the server’s words and its next try', () => {
    const { repo, id } = setup()
    expect(repo.find(id)).toMatchObject({
      state: 'queued',
      lastErrorCode: 'SEND_DEFERRED',
      lastError: 'The SMTP server said: 451 4.7.1 Greylisted',
      retryAt: NOW + 60_000
    })
  })

  it('is due at once when the account’s servers change', () => {
    const { repo, id } = setup()
    repo.retryAtNewServers(1, NOW + 1000)
    expect(repo.find(id)!.retryAt).toBe(NOW + 1000)
  })

  it('is due at once at new servers after a login the old IMAP server refused for now', () => {
    const { repo, id } = setup()
    repo.deferOffline(
      id,
      'The IMAP server is temporarily refusing logins',
      NOW + 60_000,
      'LOGIN_REFUSED_FOR_NOW'
    )
    repo.retryAtNewServers(1, NOW + 1000)
    expect(repo.find(id)).toMatchObject({ lastErrorCode: 'LOGIN_REFUSED_FOR_NOW', retryAt: NOW + 1000 })
  })

  it('fails as SEND_FAILED once refused for good', () => {
    const { repo, id } = setup()
    repo.markSending(id)
    repo.markFailed(id, 'The SMTP server said: 550 5.1.1 No such user', 'SEND_FAILED')
    expect(repo.find(id)).toMatchObject({ state: 'failed', lastErrorCode: 'SEND_FAILED', retryAt: null })
  })
})
