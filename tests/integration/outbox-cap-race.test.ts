// The daily cap with sends made at the same moment (two windows, or the app and `rapport send`):
// each is counted against the others, and a message the cap holds counts when it will go.
import { describe, expect, it } from 'vitest'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['alice', 'bob', 'carol'])

const message = (accountId: number, subject: string) => ({
  accountId,
  to: ['bob@example.test'],
  subject,
  text: `${subject}: body`
})

describe('the daily cap and two sends at the same moment', () => {
  it('refuses the second of two messages.send made together past a cap of 1 with SEND_CAP_REACHED', async () => {
    const { fixture, accountId } = await env.connect('alice')
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    const before = env.relay.received.length
    const results = await Promise.all([
      fixture.core.dispatch('messages.send', message(accountId, 'First')),
      fixture.core.dispatch('messages.send', message(accountId, 'Second'))
    ])
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()
    expect(env.relay.received.length - before).toBe(1)
    expect(codes).toEqual(['SEND_CAP_REACHED', 'ok'])
  })

  it('sends no more than the cap when the app and `rapport send` on one data directory send together', async () => {
    const { fixture: app, accountId } = await env.connect('bob')
    await app.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    const cli = new Core({ dataDir: app.dataDir, secrets: new MemorySecretStore(null), log: () => undefined })
    try {
      await cli.secrets.set(cli.workspace.accounts.get(accountId).secretRef, env.user('bob').password)
      const before = env.relay.received.length
      await Promise.all([
        app.core.dispatch('messages.send', message(accountId, 'From the app')),
        cli.dispatch('messages.send', message(accountId, 'From the terminal'))
      ])
      expect(env.relay.received.length - before, 'messages the SMTP server took with a cap of 1').toBe(1)
    } finally {
      cli.close()
    }
  })
})

describe('the daily cap and a message held by it', () => {
  it('counts a message the cap holds at the time it will go, for a message scheduled near then', async () => {
    const { ManualClock } = await import('../../src-main/core/clock')
    const HOUR = 60 * 60_000
    const DAY = 24 * HOUR
    const t0 = Date.now()
    const clock = new ManualClock(t0)
    const { fixture, accountId } = await env.connect('carol', { clock })
    // One message goes now, another is scheduled in an hour; then the cap is lowered to 1.
    await fixture.call('messages.send', message(accountId, 'Went today'))
    const { item: held } = await fixture.call('outbox.send', {
      ...message(accountId, 'Held by the cap'),
      sendAt: new Date(t0 + HOUR).toISOString()
    })
    await fixture.call('outbox.setDailyCap', { accountId, dailyCap: 1 })
    clock.set(t0 + HOUR)
    await fixture.core.workspace.outbox.runDue()
    const waiting = fixture.core.workspace.outbox.repo.find(held.id)!
    expect(waiting.lastErrorCode).toBe('SEND_CAP_REACHED')
    // It goes once the first leaves the 24 hours: at t0 + 24 h.
    expect(waiting.retryAt).toBe(t0 + DAY)
    // A message scheduled 90 minutes after that one goes: the two would go within 24 hours with a
    // cap of 1, so the README's rule ("mail waiting to go within 24 hours of it") refuses it.
    const response = await fixture.core.dispatch('outbox.send', {
      ...message(accountId, 'Scheduled for the day after'),
      sendAt: new Date(t0 + DAY + 90 * 60_000).toISOString()
    })
    expect(response.ok ? 'queued' : response.error.code).toBe('SEND_CAP_REACHED')
  })
})
