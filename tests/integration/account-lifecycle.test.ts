// A mailbox's life beside plain syncing, against a real Dovecot: "sync older mail" (backfill),
// mail deleted on the server, the account's settings, and changes waiting while offline.
// (Trash retention: trash-retention.test.ts; disconnecting: account-disconnect.test.ts.)
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { BackfillStatus, SyncState } from '../../src-preload/contract'
import { Core } from '../../src-main/core/core'
import { MemorySecretStore } from '../../src-main/core/secrets/secret-store'
import { STORE_SLICE } from '../../src-main/core/sync/fetch-batches'
import { mailWithAttachments } from '../support/attachment-mail'
import { generateCorpus } from '../support/corpus'
import { appendMessages, type MailUser } from '../support/dovecot'
import { startSwitchableProxy } from '../support/switchable-proxy'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { expungeAll, otherClient, serverFolder } from './fixtures/server-mailbox'

const FAST = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 50, maxMs: 300 }
}

const { server: fileServer, seededUser, accountOf } = useSeededAccounts()

function localInbox(core: Core, accountId: number) {
  const db = core.workspace.db
  return db
    .prepare(
      `SELECT m.message_id FROM message_locations l JOIN folders f ON f.id = l.folder_id
       JOIN messages m ON m.id = l.message_pk WHERE f.account_id = ? AND f.path = 'INBOX'`
    )
    .all(accountId) as Array<{ message_id: string }>
}

describe('sync older mail (backfill)', () => {
  it('fetches older mail in batches, pauses at a store slice (within the batch under way), resumes, and ends with every message once', async () => {
    const { user, corpus } = await seededUser('bella', 300)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 50 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 50 }))
      await fixture.call('sync.run', { accountId })
      const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(inbox.messageCount).toBe(50)

      // Pause as soon as the first batch is in: the slice being stored may still land, nothing after it.
      const off = fixture.core.events.subscribe((name, payload) => {
        const status = payload as BackfillStatus
        if (name === 'sync.backfill' && status.folderId === inbox.id && status.done >= 100) {
          off()
          void fixture.call('backfill.pause', { folderId: inbox.id })
        }
      })
      expect(await fixture.call('backfill.start', { folderId: inbox.id })).toMatchObject({ state: 'running' })
      await fixture.waitFor('the pause', () =>
        fixture.events.some(
          (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).state === 'paused'
        )
      )
      // Two turns of the account's lane: any batch in flight has committed and the loop has seen the pause.
      for (let i = 0; i < 2; i++) {
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
        await new Promise((resolve) => setImmediate(resolve))
      }
      const paused = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === inbox.id
      )!
      const stored = localInbox(fixture.core, accountId).length
      expect(paused).toMatchObject({ state: 'paused', done: stored, total: 300 })
      expect(stored).toBeGreaterThanOrEqual(100)
      expect(stored).toBeLessThan(300)
      expect((stored - 50) % STORE_SLICE).toBe(0)
      expect(fixture.core.workspace.folders.get(inbox.id).lowestSyncedUid).toBe(300 - stored + 1)

      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.waitFor('the end of the backfill', () =>
        fixture.events.some(
          (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).state === 'done'
        )
      )
      const ids = localInbox(fixture.core, accountId).map((r) => r.message_id)
      expect(ids).toHaveLength(300)
      expect(new Set(ids).size).toBe(300)
      expect(new Set(ids)).toEqual(new Set(corpus.map((m) => m.messageId.toLowerCase())))
      const { n } = fixture.core.workspace.db
        .prepare('SELECT count(*) AS n FROM messages WHERE account_id = ?')
        .get(accountId) as { n: number }
      expect(n).toBe(300)
      // A normal pass afterwards neither drops nor re-fetches the backfilled mail.
      const [again] = await fixture.call('sync.run', { accountId })
      expect(again!.fetched).toBe(0)
      expect(localInbox(fixture.core, accountId)).toHaveLength(300)
    } finally {
      fixture.close()
    }
  })

  it('follows its folder to a new path when a pass finds it renamed while a batch waited its turn', async () => {
    const user: MailUser = { user: 'petra', password: 'petra-pw' }
    await fileServer().addUser(user.user, user.password)
    const corpus = await generateCorpus({ seed: 71, count: 60, selfAddress: 'petra@example.test' })
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 20 } })
    const other = await otherClient(fileServer(), user)
    try {
      await other.mailboxCreate('Projects')
      const raws = corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
      await appendMessages(fileServer(), user.user, user.password, 'Projects', raws)
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 20 }))
      await fixture.call('sync.run', { accountId })
      const projects = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'Projects')!
      await fixture.call('folders.setSync', { folderId: projects.id, enabled: true })
      await fixture.call('sync.run', { accountId })

      // The account's lane is busy; a pass, then a backfill batch (which read the old path), wait behind it.
      const { sync, lifecycle } = fixture.core.workspace
      let release = () => {}
      const held = sync.lane(accountId).run(() => new Promise<void>((resolve) => (release = resolve)))
      await other.mailboxRename('Projects', 'Clients/Projects')
      const pass = sync.run(accountId)
      lifecycle.backfill.start(projects.id)
      release()
      await held
      await pass
      // Done, or a batch failed (it would retry in 30 s): whichever comes first.
      await fixture.waitFor('the end of the backfill or a failed batch', () =>
        fixture.events.some((e) => {
          const status = e.payload as BackfillStatus
          return (
            e.name === 'sync.backfill' &&
            status.folderId === projects.id &&
            (status.state === 'done' || status.error !== null)
          )
        })
      )
      const errors = fixture.events.filter(
        (e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).error !== null
      )
      expect(errors).toEqual([])
      expect(fixture.core.workspace.folders.get(projects.id).path).toBe('Clients/Projects')
      expect(
        await fixture.call('messages.list', { accountId, folder: 'Clients/Projects', limit: 500 })
      ).toHaveLength(60)
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })

  it('yields to other work between batches, and continues a running backfill after a restart from its cursor', async () => {
    const { user } = await seededUser('berta', 120)
    const secrets = new MemorySecretStore(null)
    const dataFixture = new CoreFixture()
    dataFixture.core.close()
    const options = {
      dataDir: dataFixture.dataDir,
      secrets,
      log: () => undefined,
      sync: { realtime: FAST, backfillBatch: 20 }
    }
    const first = new Core(options)
    let second: Core | null = null
    try {
      const account = await first.dispatch('accounts.add', accountOf(user, { importLimit: 20 }))
      if (!account.ok) throw new Error(account.error.message)
      const accountId = (account.value as { id: number }).id
      await first.dispatch('sync.run', { accountId })
      const inbox = first.workspace.folders.synced(accountId).find((f) => f.path === 'INBOX')!
      const progressed = new Promise<void>((resolve) => {
        const off = first.events.subscribe((name, payload) => {
          if (name === 'sync.backfill' && (payload as BackfillStatus).done >= 40) {
            off()
            resolve()
          }
        })
      })
      await first.dispatch('backfill.start', { folderId: inbox.id })
      await progressed
      // Batches yield: a change made now reaches the server while the backfill is still running.
      const [newest] = first.workspace.queries.listMessages({ accountId, limit: 1 })
      await first.dispatch('messages.setFlags', { messageIds: [newest!.id], flagged: true })
      await first.workspace.sync.pushTasks(accountId)
      expect(first.workspace.tasks.pendingCount(accountId)).toBe(0)
      const running = first.workspace.lifecycle.backfill
        .status(accountId)
        .find((s) => s.folderId === inbox.id)!
      expect(running.state).toBe('running')
      expect(running.done).toBeLessThan(120)
      await first.stopRealtime()
      first.close()
      const before = (() => {
        const probe = new Core({ ...options, sync: {} })
        const count = localInbox(probe, accountId).length
        probe.close()
        return count
      })()
      expect(before).toBeLessThan(120)

      second = new Core(options)
      const done = new Promise<BackfillStatus>((resolve) => {
        second!.events.subscribe((name, payload) => {
          if (name === 'sync.backfill' && (payload as BackfillStatus).state === 'done')
            resolve(payload as BackfillStatus)
        })
      })
      second.startRealtime()
      expect(await done).toMatchObject({ folderId: inbox.id, done: 120, total: 120 })
      const ids = localInbox(second, accountId).map((r) => r.message_id)
      expect(new Set(ids).size).toBe(120)
      expect(ids).toHaveLength(120)
    } finally {
      await second?.stopRealtime()
      second?.close()
      dataFixture.close()
    }
  })
})

describe('mail deleted on the server', () => {
  it('stays in Rapport, marked, and its attachment is still readable from the local cache', async () => {
    const user: MailUser = { user: 'cora', password: 'cora-pw' }
    await fileServer().addUser(user.user, user.password)
    const pdf = randomBytes(40_000)
    await appendMessages(fileServer(), user.user, user.password, 'INBOX', [
      mailWithAttachments({
        messageId: '<quote-1@client.test>',
        to: 'cora@example.test',
        attachments: [{ bytes: pdf }]
      })
    ])
    const fixture = new CoreFixture()
    const other = await otherClient(fileServer(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user))
      await fixture.call('sync.run', { accountId })
      const [thread] = await fixture.call('threads.list', { accountId })
      const { messages } = await fixture.call('threads.get', { threadId: thread!.id })
      const attachment = messages[0]!.attachments[0]!
      expect(attachment.filename).toBe('quote.pdf')

      await expungeAll(other, 'INBOX')
      await fixture.call('sync.run', { accountId })
      const row = fixture.core.workspace.db
        .prepare('SELECT deleted_on_server FROM messages WHERE id = ?')
        .get(messages[0]!.id) as { deleted_on_server: number }
      expect(row.deleted_on_server).toBe(1)
      const after = await fixture.call('threads.get', { threadId: thread!.id })
      expect(after.messages[0]).toMatchObject({
        deletedOnServer: true,
        attachments: [{ filename: 'quote.pdf' }]
      })
      const read = await fixture.call('attachments.read', { attachmentId: attachment.id })
      expect(read).toMatchObject({ filename: 'quote.pdf', contentType: 'application/pdf', size: pdf.length })
      expect(Buffer.from(read.dataBase64, 'base64').equals(pdf)).toBe(true)
      expect(await fixture.error('attachments.read', { attachmentId: 999_999 })).toMatchObject({
        code: 'NOT_FOUND',
        field: 'attachmentId'
      })
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})

describe('account settings', () => {
  it('stores the personal/shared flag and the poll interval, and refuses an interval out of range', async () => {
    const { user } = await seededUser('hana', 1)
    const fixture = new CoreFixture()
    try {
      const { id: accountId, shared } = await fixture.call('accounts.add', accountOf(user))
      expect(shared).toBe(false)
      expect(
        await fixture.call('accounts.update', { accountId, shared: true, pollIntervalSeconds: 300 })
      ).toMatchObject({ shared: true, pollIntervalSeconds: 300 })
      expect((await fixture.call('accounts.list', {}))[0]).toMatchObject({
        shared: true,
        pollIntervalSeconds: 300
      })
      expect(await fixture.error('accounts.update', { accountId, pollIntervalSeconds: 5 })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'pollIntervalSeconds'
      })
    } finally {
      fixture.close()
    }
  })
})

describe('offline', () => {
  it('shows the changes waiting while the server is unreachable, and pushes them when it is back', async () => {
    const { user, corpus } = await seededUser('gita', 4)
    const proxy = await startSwitchableProxy({ host: fileServer().host, port: fileServer().imapPort })
    const fixture = new CoreFixture({ sync: { realtime: FAST } })
    const other = await otherClient(fileServer(), user)
    const state = () => fixture.lastEvent<SyncState>('sync.state', () => true)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { imapPort: proxy.port }))
      fixture.core.startRealtime()
      await fixture.waitFor('the first pass', () => state()?.state === 'up-to-date')
      const [a, b] = (await fixture.call('messages.list', { accountId })).map((m) => m.id)

      await proxy.offline()
      await fixture.waitFor('the offline state', () => state()?.error?.code === 'HOST_UNREACHABLE')
      await fixture.call('messages.setFlags', { messageIds: [a!], seen: true })
      await fixture.call('messages.setFlags', { messageIds: [b!], flagged: true })
      await fixture.waitFor('two changes waiting', () => state()?.pendingChanges === 2)
      expect(state()).toMatchObject({ state: 'error', error: { code: 'HOST_UNREACHABLE' } })
      expect(await fixture.call('sync.status', {})).toMatchObject([{ accountId, pendingChanges: 2 }])

      await proxy.online()
      await fixture.waitFor(
        'the changes pushed',
        () => state()?.state === 'up-to-date' && state()?.pendingChanges === 0
      )
      const inbox = [...(await serverFolder(other, 'INBOX')).values()]
      const flagsOf = (messageId: string) => inbox.find((m) => m.messageId === messageId)!.flags
      const byPk = (pk: number) =>
        (
          fixture.core.workspace.db.prepare('SELECT message_id FROM messages WHERE id = ?').get(pk) as {
            message_id: string
          }
        ).message_id
      const original = (id: string) => corpus.find((m) => m.messageId.toLowerCase() === id)!.messageId
      expect(flagsOf(original(byPk(a!)))).toContain('\\Seen')
      expect(flagsOf(original(byPk(b!)))).toContain('\\Flagged')
      expect(await fixture.call('sync.status', {})).toMatchObject([{ accountId, pendingChanges: 0 }])
    } finally {
      await other.logout().catch(() => other.close())
      await fixture.core.stopRealtime()
      fixture.close()
      await proxy.close()
    }
  })
})
