// The real-time watcher against a fake IMAP client and a fake SyncService: races that a real
// server cannot make exact (which piece of work runs first in the lane, after which await).
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import type { ImapFlow } from 'imapflow'
import {
  AccountWatcher,
  DEFAULT_REALTIME,
  type RealtimeSettings
} from '../../src-main/core/sync/account-watcher'
import { AccountLane } from '../../src-main/core/sync/account-lane'
import { CoreError } from '../../src-main/core/errors'
import type { PassScope } from '../../src-main/core/sync/account-pass'

function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

/** Just enough of imapflow for the watcher: IDLE ends on the next command, as imapflow's preCheck does. */
class FakeClient extends EventEmitter {
  usable = true
  states = { LOGOUT: 4 }
  state = 3
  byeReason: string | null = null
  mailbox: { path: string; readOnly: boolean; uidValidity: bigint; uidNext: number } | false = false
  calls: string[] = []
  private endIdle: ((value: boolean | undefined) => void) | null = null

  async noop(): Promise<void> {
    this.calls.push('NOOP')
    this.endIdle?.(true)
    this.endIdle = null
  }

  async mailboxOpen(path: string, options: { readOnly?: boolean } = {}) {
    this.calls.push(`EXAMINE ${path}`)
    this.mailbox = { path, readOnly: !!options.readOnly, uidValidity: 1n, uidNext: 10 }
    return this.mailbox
  }

  idle(): Promise<boolean | undefined> {
    this.calls.push('IDLE')
    return new Promise((resolve) => (this.endIdle = resolve))
  }

  close(): void {
    if (!this.usable) return
    this.usable = false
    this.state = 4
    this.endIdle?.(false)
    this.endIdle = null
    this.emit('close')
  }
}

type PassImpl = (scope: PassScope, client: FakeClient) => Promise<void>

/** The SyncService surface the watcher uses, with passes the test controls. */
class FakeSync {
  readonly lanes = new AccountLane()
  readonly clients: FakeClient[] = []
  readonly shown: CoreError[] = []
  readonly passes: PassScope[] = []
  live: FakeClient | null = null
  passImpl: PassImpl = async () => undefined
  connect: () => Promise<FakeClient> = async () => new FakeClient()

  async openSession(): Promise<ImapFlow> {
    const client = await this.connect()
    this.clients.push(client)
    return client as unknown as ImapFlow
  }
  attachSession(_accountId: number, session: { client: FakeClient } | null) {
    this.live = session?.client ?? null
  }
  lane() {
    return this.lanes
  }
  runScope(
    _accountId: number,
    scope: PassScope,
    hooks: { onStart?: () => void; onPassed?: () => void; signal?: AbortSignal } = {}
  ) {
    return this.lanes.run(async () => {
      hooks.onStart?.()
      this.passes.push(scope)
      await this.passImpl(scope, this.live!)
      hooks.onPassed?.()
      return { accountId: 1, fetched: 0, folders: [] }
    }, hooks.signal)
  }
  setPushPaused() {}
  inboxBehind() {
    return false
  }
  noteAuthFailure(_account: unknown, error: unknown) {
    return error instanceof CoreError ? error : new CoreError('HOST_UNREACHABLE', String(error))
  }
  showError(_accountId: number, error: CoreError) {
    this.shown.push(error)
  }
}

const account = { id: 1, state: 'active', kind: 'mailbox' }
const accounts = { get: () => account, find: () => account }

const FAST: RealtimeSettings = {
  ...DEFAULT_REALTIME,
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 2_000,
  reconnect: { baseMs: 20, maxMs: 40 }
}

let watcher: AccountWatcher | null = null
afterEach(async () => {
  await watcher?.stop()
  watcher = null
})

function startWatcher(sync: FakeSync, settings: RealtimeSettings = FAST) {
  watcher = new AccountWatcher(1, { sync: sync as never, accounts: accounts as never }, settings)
  watcher.start()
  return watcher
}

async function until(what: string, condition: () => boolean, ms = 3_000) {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

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
  it('waits on the same session and tries again, rather than reconnecting for a full pass each time', async () => {
    class RefusingClient extends FakeClient {
      override async mailboxOpen(path: string): Promise<never> {
        this.calls.push(`EXAMINE ${path}`)
        throw Object.assign(new Error('Command failed'), {
          responseStatus: 'NO',
          responseText: 'Permission denied'
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
  })
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
    watcher = null
  })
})
