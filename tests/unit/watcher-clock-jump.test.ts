// The IDLE break deadline is a timer, on monotonic time; compared in wall-clock time, a deadline
// set just before the lid closed looked due after the wake (Date.now jumps forward, timers do
// not), and "Sync now" or the wake itself could not shorten it for a dead IDLE connection.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  FAST,
  FakeClient,
  FakeSync,
  startWatcher,
  stopWatcherAfterEach,
  until
} from './fixtures/watcher-fakes'

stopWatcherAfterEach()
afterEach(() => {
  vi.useRealTimers()
})

/** A connection that died without a word: IDLE never ends, nothing is answered. */
class DeadAfterIdle extends FakeClient {
  dead = false
  override async noop(): Promise<void> {
    if (!this.dead) return super.noop()
    this.calls.push('NOOP')
    await new Promise<void>((resolve) => this.once('close', resolve))
  }
}

describe('"Sync now" after the wall clock jumped (the computer slept)', () => {
  it('closes a dead IDLE connection within hurriedBreakMs, even when a longer deadline was set before the sleep', async () => {
    const sync = new FakeSync()
    const client = new DeadAfterIdle()
    sync.connect = async () => client
    const watcher = startWatcher(sync, { ...FAST, noopTimeoutMs: 5_000, hurriedBreakMs: 50 })
    await until('the first IDLE', () => client.calls.includes('IDLE'))
    client.dead = true
    // Work queued just before the lid closed: IDLE is asked to end, with the watchdog's deadline.
    void sync.lanes.run(async () => undefined).catch(() => undefined)
    // An hour asleep: the wall clock jumps, timers (monotonic) do not move.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_600_000 })
    watcher.hurry()
    // Waited in monotonic time: the faked wall clock stands still.
    const end = performance.now() + 1_500
    while (client.usable && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(client.usable).toBe(false)
  })
})
