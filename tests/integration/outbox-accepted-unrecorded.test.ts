// The SMTP server took the message (250), and Rapport could not write so: another process held
// the database's write lock past its busy timeout (`rapport sync` importing beside the app), or
// the disk was full. The row stayed "sending", and the next attempt looked in Sent before sending
// again, as after a crash; nothing had put the copy there (the server files nothing itself), so
// the message went to its recipients a second time.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { relayed, useOutboxServerHoldingAccepts, holdWriteLockOverNextAccept } from './fixtures/outbox-server'

const { env, beforeNextAccept } = useOutboxServerHoldingAccepts(['alice'])

describe('a message whose 250 Rapport could not record', () => {
  it('is not sent again by the next attempt', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await env.connect('alice', { clock })
    const outbox = fixture.core.workspace.outbox
    // Another process's long write: it holds the lock from before the server's answer until
    // Rapport gave up recording it (busy timeout).
    const lock = holdWriteLockOverNextAccept(fixture, beforeNextAccept)
    try {
      const answer = await fixture.core.dispatch('messages.send', {
        accountId,
        to: ['bob@example.test'],
        subject: 'Sent once',
        text: 'Hello'
      })
      // Not "it waits in the Outbox and goes out": a script would send it again.
      expect(answer.ok ? null : answer.error.code).toBe('SEND_UNCONFIRMED')
    } finally {
      lock.close()
    }
    expect(lock.refusedWrites(), 'the 250 could not be recorded').toBe(1)
    const [item] = outbox.list({ includeSent: true })
    expect(relayed(env.relay, item!.messageId)).toHaveLength(1)

    // The next attempt, once the database can be written again.
    clock.advance(60 * 60_000)
    await outbox.runDue()
    const after = outbox.list({ includeSent: true })[0]!
    expect(after.state).toBe('sent')
    expect(relayed(env.relay, item!.messageId), 'copies the SMTP server took').toHaveLength(1)
  }, 30_000)
})
