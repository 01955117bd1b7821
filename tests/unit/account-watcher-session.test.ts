// The real-time watcher's session against a fake IMAP client: what keeps it, and how soon it is
// opened again when it goes (the reconnect backoff).
import { describe, expect, it } from 'vitest'
import type { RealtimeSettings } from '../../src-main/core/sync/realtime-settings'
import { CoreError } from '../../src-main/core/errors'
import {
  FAST,
  FakeClient,
  FakeSync,
  startWatcher,
  stopWatcherAfterEach,
  tick,
  until
} from './fixtures/watcher-fakes'

stopWatcherAfterEach()

/** When each session was opened (ms since the epoch). */
function recordingOpens(sync: FakeSync): number[] {
  const opened: number[] = []
  sync.connect = async () => {
    opened.push(Date.now())
    return new FakeClient()
  }
  return opened
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!)

describe('a new poll interval', () => {
  it('applies to the running session from the next poll, without opening another', async () => {
    const sync = new FakeSync()
    const watcher = startWatcher(sync, { ...FAST, pollIntervalMs: 60_000 })
    await until('the first IDLE', () => sync.clients[0]?.calls.includes('IDLE') ?? false)
    watcher.setPollInterval(20)
    // At 60 s, no poll would come within the wait.
    await until('a poll of the other folders', () => sync.passes.includes('others'))
    expect(sync.clients).toHaveLength(1)
    expect(sync.clients[0]!.usable).toBe(true)
  })
})

describe('a server that drops every session just after its first pass', () => {
  const FLAPPING: RealtimeSettings = {
    ...FAST,
    reconnect: { baseMs: 40, maxMs: 60_000 },
    stableAfterMs: 60_000
  }
  const dropAfterFirstPass = (sync: FakeSync) => {
    sync.passImpl = async (scope, client) => {
      // After the pass has ended well: the session is closed on the next turn.
      if (scope === 'all') setImmediate(() => client.close())
    }
  }

  it('is reconnected to after a growing wait, not about once a second with a full pass each time', async () => {
    const sync = new FakeSync()
    const opened = recordingOpens(sync)
    dropAfterFirstPass(sync)
    startWatcher(sync, FLAPPING)
    await until('six sessions', () => opened.length >= 6, 10_000)
    // Each wait is drawn from the upper half of a ceiling that doubles from 40 ms: the fifth is at
    // least 320 ms. Had the first pass started the backoff over, every wait would be 20-40 ms.
    expect(gaps(opened)[4]).toBeGreaterThanOrEqual(320)
    expect(sync.passes.filter((scope) => scope === 'all')).toHaveLength(opened.length)
  })

  it('starts the backoff over once a session has lasted stableAfterMs past its first pass', async () => {
    const sync = new FakeSync()
    const opened = recordingOpens(sync)
    let passes = 0
    sync.passImpl = async (scope, client) => {
      if (scope !== 'all') return
      passes++
      // Five sessions dropped at once; the sixth lasts well past stableAfterMs, then drops.
      setTimeout(() => client.close(), passes === 6 ? 300 : 0)
    }
    startWatcher(sync, { ...FLAPPING, stableAfterMs: 100 })
    await until('the session after the lasting one', () => opened.length >= 7, 10_000)
    // Without the reset, this wait would be at least 640 ms (the sixth in a row).
    expect(gaps(opened)[5]! - 300).toBeLessThan(320)
  })
})

describe('a first pass that fails on a session still open', () => {
  it('keeps the session, watches INBOX, and passes over every folder again until that ends well', async () => {
    const sync = new FakeSync()
    let refusals = 2
    sync.passImpl = async (scope) => {
      // A folder the server will not open for now, twice: the pass fails, the connection is fine.
      if (scope === 'all' && refusals-- > 0)
        throw new CoreError('SYNC_FAILED', 'The IMAP server will not open Archive for now.')
    }
    startWatcher(sync, { ...FAST, pollIntervalMs: 30 })
    await until('IDLE on the first session', () => sync.clients[0]?.calls.includes('IDLE') ?? false)
    // In doubt after the failed pass: INBOX is selected afresh rather than trusted to a NOOP.
    expect(sync.clients[0]!.calls.slice(0, 2)).toEqual(['EXAMINE INBOX', 'IDLE'])
    // Every folder, INBOX included: the INBOX part may be what failed. Once such a pass has
    // ended well, the polls are of the other folders again.
    await until('a poll of the other folders', () => sync.passes.includes('others'))
    // Until a pass over every folder ended well (the third), every retry and poll was one.
    const before = sync.passes.slice(0, sync.passes.indexOf('others'))
    expect(before.length).toBeGreaterThanOrEqual(3)
    expect(new Set(before)).toEqual(new Set(['all']))
    expect(sync.clients).toHaveLength(1)
  })

  it('starts the reconnect backoff over once it has lasted stableAfterMs, as one whose first pass passed does', async () => {
    const sync = new FakeSync()
    const opened = recordingOpens(sync)
    let sessions = 0
    sync.passImpl = async (scope, client) => {
      if (scope !== 'all') return
      sessions++
      // Five sessions dropped just after their first pass: the backoff grows.
      if (sessions <= 5) return void setImmediate(() => client.close())
      if (sessions > 6) return
      // The sixth is kept though its first pass fails, lasts three times stableAfterMs, then drops.
      setTimeout(() => client.close(), 300)
      throw new CoreError('SYNC_FAILED', 'The IMAP server will not open Archive for now.')
    }
    startWatcher(sync, { ...FAST, reconnect: { baseMs: 40, maxMs: 60_000 }, stableAfterMs: 100 })
    await until('the session after the lasting one', () => opened.length >= 7, 10_000)
    // Reset: 20-40 ms. Not reset (the sixth wait in a row): 640-1280 ms.
    expect(gaps(opened)[5]! - 300).toBeLessThan(320)
  })

  it('is tried again after the reconnect backoff, not only at the next poll', async () => {
    const sync = new FakeSync()
    let refusals = 1
    sync.passImpl = async (scope) => {
      if (scope === 'all' && refusals-- > 0) throw new CoreError('SYNC_FAILED', 'Busy for now.')
    }
    // At 60 s, no poll would come within the wait.
    startWatcher(sync, { ...FAST, pollIntervalMs: 60_000 })
    await until('the retry of every folder', () => sync.passes.filter((s) => s === 'all').length >= 2)
    expect(sync.clients).toHaveLength(1)
  })

  it('reconnects when the pass failed because its connection went', async () => {
    const sync = new FakeSync()
    sync.passImpl = async (scope, client) => {
      if (scope !== 'all' || sync.clients.length > 1) return
      client.close()
      throw new CoreError('HOST_UNREACHABLE', 'The connection to the IMAP server was lost.')
    }
    startWatcher(sync)
    await until('IDLE on a second session', () => sync.clients[1]?.calls.includes('IDLE') ?? false)
    expect(sync.shown.map((e) => e.code)).toEqual(['HOST_UNREACHABLE'])
  })
})

describe('an account paused for sign-in while its session is up', () => {
  it('ends the watcher with "sign in again", not a "connection lost": passes would all be refused', async () => {
    const sync = new FakeSync()
    const account = { id: 1, state: 'active', kind: 'mailbox' as const }
    sync.passImpl = async (scope) => {
      // A login elsewhere was refused meanwhile: the pass finds the account paused.
      if (scope === 'inbox') throw new CoreError('AUTH_FAILED', 'Sign in again.')
    }
    startWatcher(sync, FAST, account)
    await until('the first IDLE', () => sync.clients[0]?.calls.includes('IDLE') ?? false)
    account.state = 'needs-signin'
    const client = sync.clients[0]!
    client.emit('exists', { path: 'INBOX' })
    await until('the session closed', () => !client.usable)
    await tick()
    await tick()
    // "Sign in again" (again), never the "connection lost" of the session closed for the pause.
    expect(sync.shown.map((e) => e.code)).toEqual(['AUTH_FAILED'])
    expect(sync.clients).toHaveLength(1)
  })
})

describe('an INBOX pass that fails after a first pass that ended well', () => {
  it('makes the next poll pass over every folder, INBOX included, not the others alone', async () => {
    const sync = new FakeSync()
    sync.passImpl = async (scope) => {
      if (scope === 'inbox') throw new CoreError('SYNC_FAILED', 'The server could not fetch a message.')
    }
    // The retry after the failure waits past the poll here, so the poll is what passes over INBOX.
    startWatcher(sync, { ...FAST, pollIntervalMs: 50, reconnect: { baseMs: 60_000, maxMs: 60_000 } })
    await until('the first IDLE', () => sync.clients[0]?.calls.includes('IDLE') ?? false)
    sync.clients[0]!.emit('exists', { path: 'INBOX' })
    await until('the poll after the failed INBOX pass', () => sync.passes.length >= 3)
    expect(sync.passes.slice(0, 3)).toEqual(['all', 'inbox', 'all'])
  })
})

describe('an INBOX pass from IDLE that fails on the session still up', () => {
  it('is followed by a pass over every folder after the reconnect backoff, not only at the next poll', async () => {
    const sync = new FakeSync()
    let refusals = 1
    sync.passImpl = async (scope) => {
      if (scope === 'inbox' && refusals-- > 0) throw new CoreError('SYNC_FAILED', 'Busy for now.')
    }
    startWatcher(sync, { ...FAST, pollIntervalMs: 60_000 })
    await until('the first IDLE', () => sync.clients[0]?.calls.includes('IDLE') ?? false)
    sync.clients[0]!.emit('exists', { path: 'INBOX' })
    await until('the retry', () => sync.passes.length >= 3)
    expect(sync.passes.slice(0, 3)).toEqual(['all', 'inbox', 'all'])
    expect(sync.clients).toHaveLength(1)
  })
})

describe('a reconnect wait ended by other work reaching the server', () => {
  it('does not start the backoff over: a server that drops every session still gets growing waits', async () => {
    const sync = new FakeSync()
    const opened = recordingOpens(sync)
    let watcher: ReturnType<typeof startWatcher> | null = null
    sync.passImpl = async (scope, client) => {
      if (scope !== 'all') return
      // Dropped just after its first pass; the first five times, a backfill batch's own login
      // reaches the server at once and ends the wait.
      setImmediate(() => {
        client.close()
        if (opened.length <= 5) setImmediate(() => watcher?.wakeUp())
      })
    }
    watcher = startWatcher(sync, { ...FAST, reconnect: { baseMs: 40, maxMs: 60_000 }, stableAfterMs: 60_000 })
    await until('seven sessions', () => opened.length >= 7, 10_000)
    // The sixth wait in a row, not cut short: at least 640 ms (20-40 ms had the wake-ups reset it).
    expect(gaps(opened)[5]).toBeGreaterThanOrEqual(640)
  })
})
