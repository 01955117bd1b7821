// A push that reaches the server while the real-time loop's own connect is still under way (begun
// while the network was down, waiting out its timeout) ends the reconnect wait that follows when
// that connect fails, as README promises.
import { describe, expect, it } from 'vitest'
import { waitUntil } from '../support/wait-until'
import { closeFaultMailbox as close, settlesWithin, useFaultServer } from './fixtures/fault-mailbox'

const faults = useFaultServer()

/** As after a long time offline: the next reconnect is 30–60 s away. */
const SLOW_RECONNECT = { reconnect: { baseMs: 60_000, maxMs: 120_000 } }

const until = waitUntil

describe('a push that reaches the server while the watcher is connecting', () => {
  it('ends the reconnect wait after that connect fails: new mail comes through real time at once', async () => {
    const box = await faults.mailbox('wanda', 3, SLOW_RECONNECT)
    try {
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // The network is gone: the watcher's connect gets no greeting (and fails after its timeout).
      const unmute = box.proxy.mute()
      box.fixture.core.startRealtime()
      await until('the watcher connecting', () => box.proxy.unanswered === 1)
      // The network is back; the user flags a message, and the push reaches the server.
      unmute()
      const [first] = (await box.fixture.call('messages.list', { limit: 1 })).map((m) => m.id)
      await box.fixture.call('messages.setFlags', { messageIds: [first!], flagged: true })
      const state = () => box.fixture.core.workspace.sync.status()[0]!
      await box.fixture.waitFor('the change on the server', () => state().pendingChanges === 0)
      // The watcher's stale connect fails now (greeting timeout, 15 s). The server was reachable
      // all along since the push: real time must reconnect, not wait 30-60 s more.
      const messageId = await faults.deliver(box.user, 'After the push')
      await settlesWithin(
        'mail through real time',
        box.fixture.waitFor('mail through real time', () => box.has(messageId), 25_000),
        26_000
      )
      expect(box.has(messageId)).toBe(true)
    } finally {
      await close(box)
    }
  })
})
