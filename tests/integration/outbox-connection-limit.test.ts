// messages.send from a mailbox at its IMAP server's limit of connections per user and address
// (Dovecot's mail_max_userip_connections; phones and other mail programs hold some): the login is
// refused for now, and the message waits in the Outbox as if offline, going once a connection is
// free. The answer said SYNC_FAILED, read as a failed send: sent again, the recipients got it twice.
import type { ImapFlow } from 'imapflow'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { openTestImap } from '../support/imap-probe'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const LIMIT = 2
const env = useOutboxServer(['erin'], { maxUserIpConnections: LIMIT })

describe('messages.send while the IMAP server refuses the login for now (connection limit)', () => {
  it('says the message is queued and waits for the server, not that it failed; it goes once, later', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await env.connect('erin', { clock })
    const held: ImapFlow[] = []
    for (let i = 0; i < LIMIT; i++) held.push(await openTestImap(env.server, env.user('erin')))
    let error
    try {
      error = await fixture.error('messages.send', {
        accountId,
        to: ['dewi@example.test'],
        subject: 'At the limit',
        text: 'Sent while two other programs hold the mailbox.'
      })
    } finally {
      for (const client of held) await client.logout()
    }
    // Not a failure a script or the user would answer by sending again.
    expect(error.code).toBe('SEND_DEFERRED')
    expect(error.message).toMatch(/temporarily refusing logins \(Maximum number of connections/)
    expect(error.message).toMatch(/waits in the Outbox and goes out on its own as soon as it can\.$/)
    const [row] = await fixture.call('outbox.list', { accountId })
    expect(row).toMatchObject({ state: 'queued', attempts: 0 })
    expect(relayed(env.relay, row!.messageId)).toHaveLength(0)

    // A connection is free again: it goes at its next try, once.
    clock.advance(60 * 60_000)
    await fixture.core.workspace.outbox.runDue()
    const [sent] = await fixture.call('outbox.list', { accountId, includeSent: true })
    expect(sent).toMatchObject({ id: row!.id, state: 'sent' })
    expect(relayed(env.relay, row!.messageId)).toHaveLength(1)
  })
})
