// The real-time session and the sync status it shows, against Dovecot behind the fault proxy: a
// poll interval changed mid-pass, another folder refused for now, a pause during a pass.
import { describe, expect, it } from 'vitest'
import type { SyncState } from '../../src-preload/contract'
import { summarize } from '../../src-renderer/src/features/sync-status/use-sync-states'
import { closeFaultMailbox, settlesWithin, useFaultServer, type FaultBox } from './fixtures/fault-mailbox'

const faults = useFaultServer()

/** The sync states `box` announced from event `from` on. */
const statesSince = (box: FaultBox, from: number) =>
  box.fixture.events
    .slice(from)
    .filter((e) => e.name === 'sync.state')
    .map((e) => e.payload as SyncState)

/** Resolves once the account's lane has run everything queued on it so far (a pass under way included). */
const laneDrained = (box: FaultBox) =>
  box.fixture.core.workspace.sync.lane(box.accountId).run(async () => undefined)

describe('a poll interval changed while a pass runs', () => {
  it('applies without cutting the pass or its session, and without "offline" in the status', async () => {
    const box = await faults.mailbox('polly', 40)
    try {
      const from = box.fixture.events.length
      // The first FETCH of the watcher's first pass: the user changes the poll interval then (a
      // new mailbox's first import is when its settings get opened).
      const held = box.proxy.beforeCommand(/ FETCH .*BODY/i, 1, async () => {
        await box.fixture.call('accounts.update', { accountId: box.accountId, pollIntervalSeconds: 300 })
      })
      box.fixture.core.startRealtime()
      await settlesWithin('the held FETCH', held)
      await box.fixture.waitFor('every message stored', () => box.stats().messages === 40)
      await box.fixture.waitFor(
        'up to date',
        () => box.fixture.core.workspace.sync.status()[0]!.state === 'up-to-date'
      )
      expect(statesSince(box, from).filter((s) => s.state === 'error')).toEqual([])
      expect(box.proxy.accepted).toBe(1)
      expect(box.fixture.core.workspace.accounts.get(box.accountId).pollIntervalSeconds).toBe(300)
    } finally {
      await closeFaultMailbox(box)
    }
  })
})

describe('a synced folder other than INBOX the server will not open for now (NO [UNAVAILABLE])', () => {
  it('names the folder, and INBOX stays in IDLE on the same session: its new mail comes at once', async () => {
    // A reconnect would come only after 10 s or more.
    const box = await faults.mailbox('arch', 2, { reconnect: { baseMs: 10_000, maxMs: 20_000 } })
    const refusal = box.proxy.refuse(
      /^\S+ (EXAMINE|SELECT) "?Archive"?/i,
      'NO [UNAVAILABLE] Archive is resting'
    )
    try {
      box.fixture.core.startRealtime()
      await settlesWithin('the refusal of Archive', refusal.refused(1))
      await box.fixture.waitFor(
        'the failed pass shown',
        () => box.fixture.core.workspace.sync.status()[0]!.state === 'error'
      )
      const { error } = box.fixture.core.workspace.sync.status()[0]!
      expect(error?.message).toMatch(/will not open Archive for now \(Archive is resting\)/)
      expect(error?.message).not.toMatch(/logins/)
      const messageId = await faults.deliver(box.user, 'New mail while Archive rests')
      await box.fixture.waitFor('the new INBOX mail', () => box.has(messageId))
      expect(box.proxy.accepted).toBe(1)
      // The INBOX pass that stored it ended well, but Archive is still not done: not "up to date".
      await laneDrained(box)
      expect(box.fixture.core.workspace.sync.status()[0]).toMatchObject({
        state: 'error',
        error: { message: expect.stringMatching(/will not open Archive for now/) }
      })
    } finally {
      refusal.stop()
      await closeFaultMailbox(box)
    }
  })
})

describe('a pass under way when a login of its own finds the password changed', () => {
  it('ends in "sign in again", not "up to date"', async () => {
    const box = await faults.mailbox('sina', 30)
    try {
      // The watcher's first pass is fetching on its session (still logged in) when the password
      // changes on the server, and a login of another session (an attachment download, which
      // runs outside the account's lane: SyncService.runAside) is refused.
      const held = box.proxy.beforeCommand(/ FETCH .*BODY/i, 1, async () => {
        await faults.server.setPassword('sina', 'changed-elsewhere')
        await box.fixture.core.workspace.sync
          .runAside(box.accountId, async () => undefined)
          .catch(() => undefined)
      })
      box.fixture.core.startRealtime()
      await settlesWithin('the held FETCH', held)
      expect(box.fixture.core.workspace.accounts.get(box.accountId).state).toBe('needs-signin')
      await laneDrained(box)
      // What it fetched before the pause is kept.
      expect(box.stats().messages).toBe(30)
      expect(await box.fixture.call('sync.status', {})).toMatchObject([
        { state: 'error', error: { code: 'AUTH_FAILED' } }
      ])
      // The watcher gave up on the paused account: its session is closed, no other opened.
    } finally {
      await closeFaultMailbox(box)
    }
  })
})

describe('a first pass whose INBOX part fails on a session still open', () => {
  it('is passed over again by the polls, INBOX included, until it ends well', async () => {
    const box = await faults.mailbox('inre', 5, { pollIntervalMs: 1_500 })
    // Only INBOX holds mail: every body FETCH is INBOX's.
    const refusal = box.proxy.refuse(/ UID FETCH .*BODY/i, 'NO [SERVERBUG] Internal error, try later')
    try {
      box.fixture.core.startRealtime()
      // The first pass, then the INBOX pass the fresh SELECT of INBOX schedules.
      await settlesWithin('two refused INBOX fetches', refusal.refused(2))
      refusal.stop()
      const from = box.fixture.events.length
      await box.fixture.waitFor('a pass that ends up to date', () =>
        statesSince(box, from).some((s) => s.state === 'up-to-date')
      )
      // Not a poll of the other folders alone, which said "up to date" with none of INBOX stored.
      expect(box.stats().messages).toBe(5)
      expect(box.proxy.accepted).toBe(1)
    } finally {
      refusal.stop()
      await closeFaultMailbox(box)
    }
  })
})

describe('an account paused by another login, then its pass under way loses the connection', () => {
  it('ends in "sign in again", not "offline"', async () => {
    const box = await faults.mailbox('kick', 30)
    try {
      const { sync } = box.fixture.core.workspace
      const held = box.proxy.beforeCommand(/ FETCH .*BODY/i, 1, async () => {
        await faults.server.setPassword('kick', 'changed-elsewhere')
        await sync.runAside(box.accountId, async () => undefined).catch(() => undefined)
        // The server ends the sessions of the old password, as providers do on a reset.
        box.proxy.cutAll()
      })
      box.fixture.core.startRealtime()
      await settlesWithin('the held FETCH', held)
      expect(box.fixture.core.workspace.accounts.get(box.accountId).state).toBe('needs-signin')
      // The sign-in form shows (summarize().needSignIn), over the lost connection of the pass.
      await box.fixture.waitFor('"sign in again" in the status', () =>
        summarize(sync.status()).needSignIn.includes(box.accountId)
      )
      await laneDrained(box)
      expect(sync.status()[0]!.error?.code).toBe('AUTH_FAILED')
    } finally {
      await closeFaultMailbox(box)
    }
  })
})

describe('the computer waking from sleep (Core.systemResumed, from Electron powerMonitor)', () => {
  it('reconnects an IDLE connection that died without a word within seconds, not after the watchdog', async () => {
    // The watchdog's timeouts are past the test's own: only the wake-up can end the dead IDLE.
    const box = await faults.mailbox('sleepy', 2, { idleRestartMs: 120_000, noopTimeoutMs: 120_000 })
    try {
      const missed = await faults.asleepWithMailWaiting(box)
      box.fixture.core.systemResumed()
      await box.fixture.waitFor('the mail delivered while asleep', () => box.has(missed))
      expect(box.proxy.accepted).toBe(2)
      const later = await faults.deliver(box.user, 'After waking')
      await box.fixture.waitFor('mail delivered after waking, through IDLE', () => box.has(later))
    } finally {
      await closeFaultMailbox(box)
    }
  })
})

describe('a push on a session of its own when another login pauses the account', () => {
  it('ends in "sign in again", not "offline", when the server then cuts the push', async () => {
    const box = await faults.mailbox('pusha', 3)
    try {
      // No real time: the push runs on a session of its own.
      await box.fixture.call('sync.run', { accountId: box.accountId })
      const { sync } = box.fixture.core.workspace
      const held = box.proxy.beforeCommand(/ STORE /i, 1, async () => {
        await faults.server.setPassword('pusha', 'changed-elsewhere')
        await sync.runAside(box.accountId, async () => undefined).catch(() => undefined)
        box.proxy.cutAll()
      })
      const [first] = await box.fixture.call('messages.list', { limit: 1 })
      await box.fixture.call('messages.setFlags', { messageIds: [first!.id], flagged: true })
      await settlesWithin('the held STORE', held)
      await laneDrained(box)
      expect(sync.status()[0]).toMatchObject({ state: 'error', error: { code: 'AUTH_FAILED' } })
    } finally {
      await closeFaultMailbox(box)
    }
  })
})
