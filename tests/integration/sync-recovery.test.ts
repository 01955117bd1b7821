// Getting back in step after a spell the account could not sync, against a real Dovecot: the
// network came back (through a switchable proxy) while the real-time loop was deep in its
// reconnect wait, or the password changed on the server during "sync older mail".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { deliver } from './fixtures/fault-mailbox'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

/** As after a long time offline: the next reconnect is 30–60 s away. */
const SLOW_RECONNECT = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 60_000, maxMs: 120_000 }
}
/** Well under the shortest reconnect wait above: what arrives by then, the wait did not hold up. */
const PROMPTLY = 15_000

type Box = Awaited<ReturnType<typeof openBox>>

/** A user with `count` messages, and a core syncing it through `proxy` (or straight to Dovecot). */
async function openBox(name: string, count: number, options: { proxy?: SwitchableProxy; importLimit?: number; realtime?: object; backfillBatch?: number; backfillRetryMs?: number }) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const corpus = await generateCorpus({ seed: name.length * 13 + count, count, selfAddress: `${name}@example.test` })
  await appendMessages(server, user.user, user.password, 'INBOX', corpus.map((m) => ({ raw: m.raw, internalDate: m.date })))
  const fixture = new CoreFixture({ sync: { realtime: options.realtime ?? SLOW_RECONNECT, backfillBatch: options.backfillBatch, backfillRetryMs: options.backfillRetryMs } })
  const imap = { host: server.host, port: options.proxy?.port ?? server.imapPort, security: 'none' as const }
  const { id: accountId } = await fixture.call('accounts.add', {
    email: `${name}@example.test`,
    user: user.user,
    password: user.password,
    imap,
    smtp: { ...imap, port: 1 },
    importLimit: options.importLimit ?? 'all',
    skipVerify: true
  })
  const state = () => fixture.core.workspace.sync.status()[0]!
  const has = (messageId: string) =>
    fixture.core.workspace.db.prepare('SELECT 1 FROM messages WHERE message_id = ?').get(messageId) !== undefined
  return { user, fixture, accountId, state, has }
} // prettier-ignore

async function close(box: Box, proxy?: SwitchableProxy) {
  await box.fixture.core.stopRealtime()
  box.fixture.close()
  await proxy?.close()
}

/** Real time up to date, then the network goes: the watcher is in its (long) reconnect wait. */
async function offlineAfterFirstPass(box: Box, proxy: SwitchableProxy) {
  box.fixture.core.startRealtime()
  await box.fixture.waitFor('the first pass', () => box.state().state === 'up-to-date')
  await proxy.offline()
  await box.fixture.waitFor('offline', () => box.state().error?.code === 'HOST_UNREACHABLE')
}

describe('back online after a long reconnect wait', () => {
  it('"Sync now" (sync.run) ends the wait: mail delivered afterwards arrives through real time', async () => {
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const box = await openBox('opal', 2, { proxy })
    try {
      await offlineAfterFirstPass(box, proxy)
      await proxy.online()
      await box.fixture.call('sync.run', { accountId: box.accountId })
      // Delivered after the one-off pass: only the woken watcher (its pass or IDLE) can bring it.
      const messageId = await deliver(server, box.user, 'After Sync now')
      await box.fixture.waitFor('mail through real time', () => box.has(messageId), PROMPTLY)
    } finally {
      await close(box, proxy)
    }
  })

  it('a push that reaches the server clears "offline" and ends the wait', async () => {
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const box = await openBox('otto', 3, { proxy })
    try {
      await offlineAfterFirstPass(box, proxy)
      const lastSyncAt = box.state().lastSyncAt
      expect(lastSyncAt).not.toBeNull()
      const [first, second] = (await box.fixture.call('messages.list', { limit: 2 })).map((m) => m.id)
      await box.fixture.call('messages.setFlags', { messageIds: [first!], flagged: true })
      await box.fixture.waitFor('the change waiting', () => box.state().pendingChanges === 1)
      await proxy.online()
      await box.fixture.call('messages.setFlags', { messageIds: [second!], flagged: true })
      await box.fixture.waitFor('both changes on the server', () => box.state().pendingChanges === 0)
      // Not "offline, 0 changes waiting": the push just reached the server.
      expect(box.state().state).not.toBe('error')
      const messageId = await deliver(server, box.user, 'After the push')
      await box.fixture.waitFor('mail through real time', () => box.has(messageId), PROMPTLY)
    } finally {
      await close(box, proxy)
    }
  })
})

describe('sync older mail started offline', () => {
  // The retry after a failed batch is an hour away: only the way back online can restart it.
  const waiting = { importLimit: 20, backfillBatch: 20, backfillRetryMs: 3_600_000 }

  it.each([
    ['sage', 'the real-time loop reconnects', { ...SLOW_RECONNECT, reconnect: { baseMs: 50, maxMs: 300 } }],
    ['saul', '"Sync now" gets through while the loop waits', SLOW_RECONNECT]
  ] as const)('goes on at once, without its error, when %s: %s', async (name, how, realtime) => {
    const proxy = await startSwitchableProxy({ host: server.host, port: server.imapPort })
    const box = await openBox(name, 60, { proxy, realtime, ...waiting })
    try {
      await offlineAfterFirstPass(box, proxy)
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      const backfill = () => box.fixture.backfillOf(box.accountId, inbox.id)
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      await box.fixture.waitFor(
        'the batch failed offline',
        () => backfill().error?.code === 'HOST_UNREACHABLE'
      )
      expect(backfill()).toMatchObject({ state: 'running', done: 20 })

      await proxy.online()
      if (how !== 'the real-time loop reconnects')
        await box.fixture.call('sync.run', { accountId: box.accountId })
      await box.fixture.waitFor('the end of the backfill', () => backfill().state === 'done', PROMPTLY)
      expect(backfill()).toMatchObject({ done: 60, total: 60, error: null })
    } finally {
      await close(box, proxy)
    }
  })
})

describe('sync older mail across "sign in again"', () => {
  it('continues a running backfill once the account paused mid-way signs in again', async () => {
    const fast = { ...SLOW_RECONNECT, reconnect: { baseMs: 50, maxMs: 300 } }
    const box = await openBox('pearl', 300, { importLimit: 50, realtime: fast, backfillBatch: 20 })
    try {
      box.fixture.core.startRealtime()
      await box.fixture.waitFor('the first pass', () => box.state().state === 'up-to-date')
      const inbox = await box.fixture.folder(box.accountId, 'INBOX')
      const backfill = () => box.fixture.backfillOf(box.accountId, inbox.id)
      // Mid-way, the password changes on the server and its sessions are dropped. Done on the
      // account's lane, so the next batch waits for it instead of racing it to the end.
      const lane = box.fixture.core.workspace.sync.lane(box.accountId)
      let changed: Promise<unknown> | null = null
      const off = box.fixture.core.events.subscribe((name, payload) => {
        const status = payload as BackfillStatus
        if (name !== 'sync.backfill' || status.folderId !== inbox.id || status.done < 90 || changed) return
        changed = lane.run(async () => {
          await server.setPassword('pearl', 'new-pw')
          await server.doveadm(['kick', 'pearl'])
        })
      })
      await box.fixture.call('backfill.start', { folderId: inbox.id })
      const paused = () => box.fixture.core.workspace.accounts.get(box.accountId).state === 'needs-signin'
      await box.fixture.waitFor('the pause for sign-in', paused)
      off()
      await changed
      expect(backfill()).toMatchObject({ state: 'running' })
      expect(backfill().done).toBeLessThan(300)

      await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-pw' })
      // Promptly: not after the 30 s retry of a batch that failed, nor only after a restart.
      await box.fixture.waitFor('the end of the backfill', () => backfill().state === 'done', PROMPTLY)
      expect(backfill()).toMatchObject({ done: 300, total: 300, error: null })
    } finally {
      await close(box)
    }
  })

  it.each([
    ['ruby', 'left running'],
    ['rosa', 'paused meanwhile']
  ] as const)(
    'says it waits for sign-in when started on a paused account (%s, %s), and not once signed in again',
    async (name, how) => {
      const box = await openBox(name, 60, { importLimit: 20, backfillBatch: 20 })
      try {
        await box.fixture.call('sync.run', { accountId: box.accountId })
        const inbox = await box.fixture.folder(box.accountId, 'INBOX')
        await server.setPassword(name, 'new-pw')
        expect(await box.fixture.error('sync.run', { accountId: box.accountId })).toMatchObject({
          code: 'AUTH_FAILED'
        })
        // As in the app: no watcher for a paused account, and backfills resume on sign-in.
        box.fixture.core.startRealtime()

        expect(await box.fixture.call('backfill.start', { folderId: inbox.id })).toMatchObject({
          state: 'running',
          done: 20,
          error: { code: 'AUTH_FAILED' }
        })
        const backfill = () => box.fixture.backfillOf(box.accountId, inbox.id)
        if (how === 'paused meanwhile') {
          await box.fixture.call('backfill.pause', { folderId: inbox.id })
          await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-pw' })
          expect(backfill()).toMatchObject({ state: 'paused', error: null })
          await box.fixture.call('backfill.start', { folderId: inbox.id })
        } else {
          await box.fixture.call('accounts.setPassword', { accountId: box.accountId, password: 'new-pw' })
        }
        await box.fixture.waitFor('the end of the backfill', () => backfill().state === 'done', PROMPTLY)
        expect(backfill()).toMatchObject({ done: 60, total: 60, error: null })
      } finally {
        await close(box)
      }
    }
  )
})
