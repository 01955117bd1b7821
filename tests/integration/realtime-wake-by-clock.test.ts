// A wake from sleep that no power event reports (web mode, the CLI), against Dovecot behind the
// fault proxy: the wall clock's jump alone tells it, and a dead IDLE connection is replaced
// within seconds, not after the watchdog (whose timers count no time asleep).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src-main/core/clock'
import { closeFaultMailbox, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

describe('the computer waking from sleep with no power event (web mode)', () => {
  it('reconnects an IDLE connection that died without a word once the wall clock shows the sleep', async () => {
    const [wall, monotonic, sinceBoot] = [new ManualClock(Date.now()), new ManualClock(0), new ManualClock(0)]
    // The watchdog's timeouts are past the test's own: only the wake can end the dead IDLE.
    const box = await faults.mailbox(
      'dozy',
      2,
      { idleRestartMs: 120_000, noopTimeoutMs: 120_000 },
      { timeSources: { wall, monotonic, sinceBoot }, wakeCheckMs: 50 }
    )
    try {
      const missed = await faults.asleepWithMailWaiting(box)
      // Three hours asleep: the wall and boot clocks moved on, the timers' clock did not.
      wall.advance(3 * 60 * 60 * 1000)
      sinceBoot.advance(3 * 60 * 60 * 1000)
      await box.fixture.waitFor('the mail delivered while asleep', () => box.has(missed))
      expect(box.proxy.accepted).toBe(2)
      const later = await faults.deliver(box.user, 'After waking')
      await box.fixture.waitFor('mail delivered after waking, through IDLE', () => box.has(later))
    } finally {
      await closeFaultMailbox(box)
    }
  })
})
