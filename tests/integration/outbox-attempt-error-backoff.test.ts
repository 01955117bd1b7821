// An attempt that fails for its own reason while the mailbox is reachable waits with a backoff
// (outbox-lane.ts deferAfterError). Against a real Dovecot, through a proxy that refuses LIST:
// the Sent folder is not known yet, so each attempt lists the folders first, before the row is
// marked "sending" (and its attempts counted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { useOutboxServer } from './fixtures/outbox-server'

const env = useOutboxServer(['erin'])

let imapProxy: TcpProxy
beforeAll(async () => {
  imapProxy = await startTcpProxy({ host: env.server.host, port: env.server.imapPort })
})
afterAll(() => imapProxy?.close())

describe('a message whose attempt keeps failing before it is marked sending', () => {
  it('waits longer after each failure, not the first backoff for ever', async () => {
    const clock = new ManualClock(Date.now())
    const { fixture, accountId } = await env.connect('erin', { clock, imapPort: imapProxy.port })
    const outbox = fixture.core.workspace.outbox
    const queued = await outbox.enqueue({
      accountId,
      to: ['dewi@example.test'],
      subject: 'Listed first',
      text: 'x',
      undo: true
    })
    const refusal = imapProxy.refuse(/^\S+ LIST /i, 'NO [UNAVAILABLE] LIST temporarily unavailable')
    const waits: number[] = []
    try {
      clock.advance(60_000)
      for (let i = 0; i < 5; i++) {
        await outbox.runDue()
        await refusal.refused(i + 1)
        const row = outbox.list({ accountId }).find((r) => r.id === queued.item.id)!
        expect(row.state).toBe('queued')
        expect(row.lastError).toMatch(/LIST temporarily unavailable/)
        const retryAt = Date.parse(row.retryAt!)
        waits.push(retryAt - clock.now())
        clock.advance(retryAt - clock.now() + 1)
      }
    } finally {
      refusal.stop()
    }
    // RETRY doubles from 30 s: the fifth wait is drawn from at least 4 minutes.
    expect(waits[4], `waits: ${waits.join(', ')}`).toBeGreaterThanOrEqual(4 * 60_000)
  }, 30_000)
})
