// Scheduled mail in the outbox, against a real Dovecot and SMTP relay: what Send now dates it,
// and what the daily cap counts when one message goes now and another on a later day.
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { relayed, useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['alice', 'bob', 'carol'])
const connect = (name: string, clock: ManualClock) => env.connect(name, { clock })

const message = (accountId: number, subject: string) => ({
  accountId,
  to: ['bob@example.test'],
  subject,
  text: `${subject}: body`
})

const DAY = 24 * 60 * 60_000

describe('Send now on a message scheduled for later', () => {
  it('dates the message when it is sent, not at the time it was scheduled for', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('alice', clock)
    const { item } = await fixture.call('outbox.send', {
      ...message(accountId, 'Monday proposal'),
      sendAt: new Date(clock.now() + 3 * DAY).toISOString()
    })
    const sent = await fixture.call('outbox.sendNow', { id: item.id })
    expect(sent.state).toBe('sent')
    const [delivered] = relayed(env.relay, item.messageId)
    const parsed = await simpleParser(delivered!.raw)
    // Recipients see the time it went out; a Date three days ahead sorts wrongly and looks like spam.
    expect(Math.abs(parsed.date!.getTime() - clock.now())).toBeLessThan(60_000)
    const thread = await fixture.call('threads.get', { threadId: sent.threadId! })
    const own = thread.messages.find((m) => m.messageId === item.messageId)!
    expect(Math.abs(Date.parse(own.date) - clock.now())).toBeLessThan(60_000)
  })
})

describe('the Outbox', () => {
  it('shows a recipient on an IDN domain as written, though it is sent in ASCII', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('bob', clock)
    const { item } = await fixture.call('outbox.send', {
      ...message(accountId, 'Angebot'),
      to: ['info@müller.de', 'ana@example.test'],
      sendAt: new Date(clock.now() + DAY).toISOString()
    })
    expect(item.to).toEqual(['info@müller.de', 'ana@example.test'])
    const stored = fixture.core.workspace.db
      .prepare('SELECT recipients_json FROM outbox WHERE id = ?')
      .get(item.id)
    expect(stored).toEqual({ recipients_json: JSON.stringify(['info@xn--mller-kva.de', 'ana@example.test']) })
  })
})

describe('the daily cap and mail scheduled for another day', () => {
  it('does not count a message going out now against a message scheduled for next week', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await connect('carol', clock)
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    // In the undo window: it goes out in 10 s, a week before the next one.
    await fixture.call('outbox.send', message(accountId, 'Today'))
    const { item } = await fixture.call('outbox.send', {
      ...message(accountId, 'Next week'),
      sendAt: new Date(clock.now() + 7 * DAY).toISOString()
    })
    expect(item.state).toBe('scheduled')
  })
})
