// The real-time service against a fake IMAP server (tests/support/fake-imap.ts) that never lets
// a login through: what matters here is which watchers run, and how a refused login is taken,
// not mail. Dovecot cannot answer NO [UNAVAILABLE] on demand.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SyncState } from '../../src-preload/contract'
import { AccountWatcher } from '../../src-main/core/sync/account-watcher'
import { startFakeImap, type FakeImap } from '../support/fake-imap'
import { CoreFixture } from '../integration/fixtures/core-fixture'

const FAST = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 50, maxMs: 200 }
}

let fake: FakeImap
let fixture: CoreFixture

afterEach(async () => {
  vi.restoreAllMocks()
  await fixture.core.stopRealtime()
  fixture.close()
  await fake.close()
})

/** A core with one account on the fake server, real time started. */
async function setUp(loginReply: string) {
  fake = await startFakeImap(loginReply)
  fixture = new CoreFixture({ sync: { realtime: FAST } })
  const server = { host: fake.host, port: fake.port, security: 'none' as const }
  const { id } = await fixture.call('accounts.add', {
    email: 'rae@example.test',
    user: 'rae',
    password: 'rae-pw',
    imap: server,
    smtp: server,
    skipVerify: true
  })
  fixture.core.startRealtime()
  return id
}

/** Every AccountWatcher started and stopped from here on, to find those nobody stopped. */
function trackWatchers() {
  const start = vi.spyOn(AccountWatcher.prototype, 'start')
  const stop = vi.spyOn(AccountWatcher.prototype, 'stop')
  return () => start.mock.contexts.filter((w) => !stop.mock.contexts.includes(w)) as AccountWatcher[]
}

describe('overlapping resume and forget', () => {
  it('leave one watcher after two resumes at once, and stopping real time stops it', async () => {
    const running = trackWatchers()
    const accountId = await setUp('NO [UNAVAILABLE] Temporary authentication failure')
    const realtime = fixture.core.workspace.realtime
    await Promise.all([realtime.resume(accountId), realtime.resume(accountId)])
    expect(running()).toHaveLength(1)
    await fixture.core.stopRealtime()
    expect(running()).toEqual([])
  })

  it('leave no watcher for an account disconnected while a poll-interval change restarted it', async () => {
    const running = trackWatchers()
    const accountId = await setUp('NO [UNAVAILABLE] Temporary authentication failure')
    await Promise.all([
      fixture.call('accounts.update', { accountId, pollIntervalSeconds: 300 }),
      fixture.call('accounts.disconnect', { accountId, mode: 'archive' })
    ])
    expect(fixture.core.workspace.accounts.get(accountId).state).toBe('archived')
    expect(running()).toEqual([])
  })
})

describe('a login the server refuses for now (NO [UNAVAILABLE])', () => {
  it('is retried with backoff and does not pause the account for sign-in', async () => {
    const accountId = await setUp('NO [UNAVAILABLE] Temporary authentication failure')
    const refusals = () =>
      fixture.events.filter(
        (e) => e.name === 'sync.state' && (e.payload as SyncState).error?.code === 'LOGIN_REFUSED_FOR_NOW'
      ).length
    await fixture.waitFor('three refused logins', () => refusals() >= 3)
    expect(fake.logins).toBeGreaterThanOrEqual(3)
    expect(fixture.core.workspace.accounts.get(accountId).state).toBe('active')
    expect(await fixture.call('sync.status', {})).toMatchObject([
      {
        state: 'error',
        error: {
          code: 'LOGIN_REFUSED_FOR_NOW',
          message: expect.stringMatching(/temporarily refusing logins/),
          serverText: 'Temporary authentication failure'
        }
      }
    ])
  })
})
