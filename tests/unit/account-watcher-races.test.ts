// The real-time watcher against a fake IMAP client and a fake SyncService: races that a real
// server cannot make exact (which piece of work runs first in the lane, after which await).
import { describe, expect, it } from 'vitest'
import { type RealtimeSettings } from '../../src-main/core/sync/realtime-settings'
import { CoreError } from '../../src-main/core/errors'
import {
  deferred,
  FAST,
  FakeClient,
  FakeSync,
  forgetWatcher,
  startWatcher,
  stopWatcherAfterEach,
  tick,
  until
} from './fixtures/watcher-fakes'

stopWatcherAfterEach()

describe('the INBOX pass queued behind the first pass of a session', () => {
  it('leaves INBOX in doubt when it fails, so the next IDLE round selects INBOX again', async () => {
    const sync = new FakeSync()
    const firstPass = deferred()
    const inboxPass = deferred()
    sync.passImpl = async (scope, client) => {
      if (scope === 'all') {
        // New mail arrives while the first pass imports: IDLE's event handler queues an INBOX pass.
        client.emit('exists', { path: 'INBOX' })
        await firstPass.promise
      } else if (scope === 'inbox') {
        // The INBOX pass opens INBOX read-only (lockFolder) and then fails, the session still
        // open (a refused FETCH, a full disk).
        client.mailbox = { path: 'INBOX', readOnly: true, uidValidity: 1n, uidNext: 10 }
        await inboxPass.promise
      }
    }
    startWatcher(sync)
    await until('the first pass', () => sync.passes.includes('all'))
    firstPass.resolve()
    await until('the INBOX pass', () => sync.passes.includes('inbox'))
    await tick()
    inboxPass.reject(new CoreError('SYNC_FAILED', 'The IMAP server refused to fetch.'))
    const client = sync.clients[0]!
    await until('the first IDLE', () => client.calls.includes('IDLE'))
    // The INBOX pass failed: what it did not store shows only in a fresh SELECT (a NOOP reports
    // only what changes from now on), so INBOX must be examined again before IDLE.
    expect(client.calls).toContain('EXAMINE INBOX')
  })
})

describe('an INBOX the server will not open', () => {
  it.each([
    ['for good', undefined, 'Permission denied'],
    ['for now', 'UNAVAILABLE', 'Mailbox is locked for now']
  ])(
    '%s: waits on the same session and tries again, rather than reconnecting for a full pass each time',
    async (_how, code, text) => {
      class RefusingClient extends FakeClient {
        override async mailboxOpen(path: string): Promise<never> {
          this.calls.push(`EXAMINE ${path}`)
          throw Object.assign(new Error('Command failed'), {
            responseStatus: 'NO',
            serverResponseCode: code,
            responseText: text
          })
        }
      }
      const sync = new FakeSync()
      sync.connect = async () => new RefusingClient()
      startWatcher(sync)
      await until('INBOX tried again on the first session', () => {
        const examined = sync.clients[0]?.calls.filter((call) => call === 'EXAMINE INBOX') ?? []
        return examined.length >= 3
      })
      expect(sync.clients).toHaveLength(1)
      expect(sync.passes).toEqual(['all'])
      expect(sync.shown).toEqual([])
    }
  )
})

describe('an INBOX refused while other work or stop() comes', () => {
  // A long wait after a refusal: whatever came meanwhile must end it, not wait it out.
  const LONG_WAIT: RealtimeSettings = { ...FAST, reconnect: { baseMs: 30_000, maxMs: 30_000 } }
  class GatedRefusal extends FakeClient {
    gate = deferred()
    override async mailboxOpen(path: string): Promise<never> {
      this.calls.push(`EXAMINE ${path}`)
      await this.gate.promise
      throw Object.assign(new Error('Command failed'), {
        responseStatus: 'NO',
        responseText: 'Permission denied'
      })
    }
  }
  const refusing = async () => {
    const sync = new FakeSync()
    const client = new GatedRefusal()
    sync.connect = async () => client
    const started = startWatcher(sync, LONG_WAIT)
    await until('INBOX selected', () => client.calls.includes('EXAMINE INBOX'))
    return { sync, client, started }
  }

  it('runs work queued during the refused SELECT on the same session, without waiting out the pause', async () => {
    const { sync, client } = await refusing()
    const ran = sync.lanes.run(async () => 'ran')
    client.gate.resolve()
    expect(await ran).toBe('ran')
    expect(sync.clients).toHaveLength(1)
  })

  it('stops at once when stop() comes during the refused SELECT', { timeout: 5_000 }, async () => {
    const { client, started } = await refusing()
    const stopping = started.stop()
    client.gate.resolve()
    await stopping
    forgetWatcher()
  })
})
