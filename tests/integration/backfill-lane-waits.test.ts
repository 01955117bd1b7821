// "Sync older mail" batches that wait for the account lane (a pause, or the account deleted, meanwhile), and a folder gone from the server.
import { describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../src-preload/contract'
import { CoreFixture } from './fixtures/core-fixture'
import { useSeededAccounts } from './fixtures/seeded-accounts'
import { otherClient } from './fixtures/server-mailbox'
import { FAST } from './fixtures/sync-mailbox'

const { server, seededUser, accountOf } = useSeededAccounts()

/**
 * A mailbox with its newest 10 messages synced, whose "sync older mail" starts on INBOX while
 * other work holds the account's lane (as a long pass would): its first batch waits its turn.
 * `meanwhile` runs before the lane is let go. Resolves once the holding work has ended.
 */
async function backfillBehindHeldLane(
  fixture: CoreFixture,
  name: string,
  count: number,
  meanwhile: (ids: { accountId: number; inboxId: number }) => Promise<unknown>
): Promise<number> {
  const { user } = await seededUser(name, count)
  const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
  await fixture.call('sync.run', { accountId })
  const inbox = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const held = fixture.core.workspace.sync.runOnline(accountId, () => gate)
  await fixture.call('backfill.start', { folderId: inbox.id })
  await meanwhile({ accountId, inboxId: inbox.id })
  release()
  await held
  return accountId
}

describe('sync older mail: a batch waiting for the lane', () => {
  it('a pause given while the next batch waits for the account lane takes effect: that batch does not run', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    try {
      const accountId = await backfillBehindHeldLane(fixture, 'hrpause', 60, ({ inboxId }) =>
        fixture.call('backfill.pause', { folderId: inboxId })
      )
      for (let i = 0; i < 3; i++)
        await fixture.core.workspace.sync.runOnline(accountId, async () => undefined)
      const inboxAfter = (await fixture.call('folders.list', { accountId })).find((f) => f.path === 'INBOX')!
      expect(inboxAfter.messageCount).toBe(10)
    } finally {
      fixture.close()
    }
  })

  it('deleting a mailbox while a "sync older mail" batch waits its turn leaves no unhandled rejection', async () => {
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const accountId = await backfillBehindHeldLane(fixture, 'hrdel', 80, (ids) =>
        fixture.call('accounts.disconnect', { accountId: ids.accountId, mode: 'delete' })
      )
      // The waiting batch runs next on the lane; once a piece queued behind it has run, the batch
      // has ended, and a turn of the event loop later any rejection it left has been reported.
      await fixture.core.workspace.sync.lane(accountId).run(async () => undefined)
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections.map((r) => String(r))).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
      fixture.close()
    }
  })

  it('refuses a backfill of a folder deleted on the server instead of retrying it out of sight', async () => {
    const { user } = await seededUser('hrgone', 2)
    const fixture = new CoreFixture({ sync: { realtime: FAST, backfillBatch: 10 } })
    const other = await otherClient(server(), user)
    try {
      const { id: accountId } = await fixture.call('accounts.add', accountOf(user, { importLimit: 10 }))
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
