// "Sync older mail" batches that wait for the account lane (a pause, or the account deleted, meanwhile), and a folder gone from the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCorpus } from '../support/corpus'
import { appendMessages, startDovecot, type DovecotServer, type MailUser } from '../support/dovecot'
import type { BackfillStatus } from '../../src-preload/contract'
import { CoreFixture } from './fixtures/core-fixture'
import { otherClient } from './fixtures/server-mailbox'

let server: DovecotServer

beforeAll(async () => {
  server = await startDovecot({ users: [] })
})

afterAll(async () => {
  await server?.stop()
})

const FAST = {
  pollIntervalMs: 60_000,
  idleRestartMs: 60_000,
  noopTimeoutMs: 5_000,
  reconnect: { baseMs: 50, maxMs: 300 }
}

async function seededUser(name: string, count: number) {
  const user: MailUser = { user: name, password: `${name}-pw` }
  await server.addUser(user.user, user.password)
  const corpus = await generateCorpus({
    seed: name.length * 7 + count,
    count,
    selfAddress: `${name}@example.test`
  })
  await appendMessages(
    server,
    user.user,
    user.password,
    'INBOX',
    corpus.map((m) => ({ raw: m.raw, internalDate: m.date }))
  )
  return { user, corpus }
}

function accountOf(user: MailUser, importLimit: number | 'all' = 'all') {
  return {
    email: `${user.user}@example.test`,
    user: user.user,
    password: user.password,
    imap: { host: server.host, port: server.imapPort, security: 'none' as const },
    smtp: { host: server.host, port: 1, security: 'none' as const },
    importLimit,
    skipVerify: true
  }
}

describe('sync older mail: a batch waiting for the lane', () => {
  it('a pause given while the next batch waits for the account lane takes effect: that batch does not run', async () => {
    const { user } = await seededUser('hrpause', 60)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, 10))
      await fixture.call('sync.run', { accountId })
      const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      // A long pass (here: any work) holds the lane; the user starts, then pauses, meanwhile.
      const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.call('backfill.pause', { folderId: inbox.id })
      release()
      await held
      for (let i = 0; i < 3; i++)
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
      const inboxAfter = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(inboxAfter.messageCount).toBe(10)
    } finally {
      fixture.close()
    }
  })

  it('deleting a mailbox while a "sync older mail" batch waits its turn leaves no unhandled rejection', async () => {
    const { user } = await seededUser('hrdel', 80)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, 10))
      await fixture.call('sync.run', { accountId })
      const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      // Some other work holds the account's lane (a pass, a push): the backfill's batch waits its turn.
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
      await fixture.call('backfill.start', { folderId: inbox.id })
      await fixture.call('accounts.disconnect', { accountId, mode: 'delete' })
      release()
      await held
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(rejections.map((r) => String(r))).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
      fixture.close()
    }
  })
  it('refuses a backfill of a folder deleted on the server instead of retrying it out of sight', async () => {
    const { user } = await seededUser('hrgone', 2)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const other = await otherClient(server, user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, 10))
      await other.mailboxCreate('Klien')
      for (let i = 0; i < 30; i++)
        await other.append(
          'Klien',
          `From: a@example.test\r\nSubject: k${i}\r\nMessage-ID: <k${i}@x.test>\r\n\r\nhi\r\n`
        )
      await fixture.call('sync.run', { accountId })
      const klien = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'Klien')!
      await fixture.call('folders.setSync', { folderId: klien.id, enabled: true })
      await fixture.call('sync.run', { accountId })
      await other.mailboxDelete('Klien')
      await fixture.call('sync.run', { accountId })
      const started = await fixture.core.dispatch('backfill.start', { folderId: klien.id })
      await new Promise((resolve) => setTimeout(resolve, 500))
      const listed = (await fixture.call('backfill.status', { accountId })).find(
        (s) => s.folderId === klien.id
      )
      const last = [...fixture.events]
        .reverse()
        .find((e) => e.name === 'sync.backfill' && (e.payload as BackfillStatus).folderId === klien.id)
        ?.payload as BackfillStatus | undefined
      // Not "running" out of sight (backfill.status lists synced folders on the server), retried every 30 s.
      expect(started.ok ? 'accepted' : started.error.code).toBe('NOT_FOUND')
      expect(listed).toBeUndefined()
      expect(last?.state).not.toBe('running')
    } finally {
      await other.logout().catch(() => other.close())
      fixture.close()
    }
  })
})
